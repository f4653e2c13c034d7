"""Benchmark: `enrich_batch` on synthetic Thai news items with 1 KB bodies (items/s, peak memory).

.venv/bin/python benchmarks/enrich.py            # 20,000 items
.venv/bin/python benchmarks/enrich.py --quick    # 2,000 items
"""

from __future__ import annotations

import json
import random
import resource
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from msoc.nlp.classify import sample_examples, seed_examples  # noqa: E402
from msoc.nlp.enrich import Enricher, enrich_batch  # noqa: E402
from msoc.nlp.segment import tokenize  # noqa: E402
from msoc.thai import BANGKOK  # noqa: E402


def make_items(n: int, seed: int = 7) -> list[dict[str, str]]:
    """n items: headlines and ~1 KB (UTF-8) bodies of random newmm words from the shipped examples;
    one item in twenty re-tells an earlier one (another outlet), so same-story merging has work."""
    rng = random.Random(seed)
    words = sorted(
        {w for e in sample_examples() + seed_examples() for w in tokenize(e.text) if w.strip()}
    )
    start = datetime(2023, 5, 2, 14, 0, tzinfo=BANGKOK)
    items: list[dict[str, str]] = []
    for i in range(n):
        if i > 20 and rng.random() < 0.05:
            twin = dict(items[rng.randrange(max(0, i - 200), i)])
            twin.update(id=str(i), title=twin["title"] + " " + rng.choice(words))
            items.append(twin)
            continue
        title = "".join(rng.choice(words) for _ in range(rng.randint(8, 16)))
        body_words: list[str] = []
        size = 0
        while size < 1024:
            word = rng.choice(words)
            body_words.append(word)
            size += len(word.encode()) + 1
        items.append(
            {
                "id": str(i),
                "title": title,
                "body": " ".join(body_words).encode()[:1024].decode(errors="ignore"),
                "source": "bench",
                "published_at": (start + timedelta(seconds=13 * i)).isoformat(),
            }
        )
    return items


def run(quick: bool, workers: int = 2) -> dict[str, float]:
    """Enrich 2,000 (quick) or 20,000 items; items/s, seconds and peak RSS in MB (largest process)."""
    n = 2_000 if quick else 20_000
    items = make_items(n)
    enricher = Enricher.load()
    enrich_batch(items[:50], enricher)  # warm: nlpo3 dictionary, regexes
    started = time.perf_counter()
    out = enrich_batch(items, enricher, workers=workers)
    seconds = time.perf_counter() - started
    errors = sum(1 for o in out if "error" in o)
    stories = len({o.get("story") for o in out})
    peak_mb = (
        max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        )
        / 1024
    )
    return {
        "items": n,
        "seconds": round(seconds, 2),
        "items_per_s": round(n / seconds, 1),
        "peak_rss_mb": round(peak_mb, 1),
        "errors": errors,
        "stories": stories,
        "workers": workers,
    }


if __name__ == "__main__":
    workers = int(sys.argv[sys.argv.index("--workers") + 1]) if "--workers" in sys.argv else 2
    print(json.dumps(run("--quick" in sys.argv, workers), ensure_ascii=False))

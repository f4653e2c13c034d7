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
from msoc.thai import BANGKOK  # noqa: E402


def make_items(n: int, seed: int = 7) -> list[dict[str, str]]:
    """n items: headlines from the shipped examples, bodies of ~1 KB (UTF-8) mixed from them."""
    rng = random.Random(seed)
    heads = [e.text for e in sample_examples() + seed_examples()]
    start = datetime(2023, 5, 2, 14, 0, tzinfo=BANGKOK)
    items = []
    for i in range(n):
        body_parts: list[str] = []
        while len(" ".join(body_parts).encode()) < 1024:
            body_parts.append(rng.choice(heads))
        body = " ".join(body_parts)
        encoded = body.encode()[:1024].decode(errors="ignore")
        items.append(
            {
                "id": str(i),
                "title": f"{rng.choice(heads)} {i}",
                "body": encoded,
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
        "workers": workers,
    }


if __name__ == "__main__":
    workers = int(sys.argv[sys.argv.index("--workers") + 1]) if "--workers" in sys.argv else 2
    print(json.dumps(run("--quick" in sys.argv, workers), ensure_ascii=False))

"""Freshness benchmark: from a story's appearance in a feed to enriched in the review queue.

A news site on 127.0.0.1 (msoc/apps/news/localfeed.py) serves 50 feeds; stories are published
into them over several minutes at random moments; a real `msoc serve` (its scheduler runs the
pipeline) or `msoc worker` process polls every feed each POLL seconds on its own SQLite file.
The time of each story is from the moment it entered its feed to the moment its item has a
section (enrichment and the search index are written in one transaction). Target: p95 ≤ poll
interval + 60 s. All feeds share one host here, so the politeness delay is 0 (real outlets are
separate hosts, each with its own delay).
Run: `.venv/bin/python -m benchmarks freshness [--quick]` or `python benchmarks/freshness.py`.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FEEDS = 50
POLL = 60  # seconds: the shortest poll interval msoc allows
PROVINCES = ["น่าน", "เลย", "ตาก", "ยะลา", "ภูเก็ต", "ชลบุรี", "พัทลุง", "อุดรธานี"]


def _env(tmp: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "MSOC_DATABASE_URL": f"sqlite:///{tmp / 'fresh.db'}",
        "MSOC_VAR_DIR": str(tmp),
        "MSOC_FETCH_DELAY": "0",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def _msoc(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "msoc", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )


def _story(rng: random.Random, outlet: str, n: int) -> Any:
    from datetime import datetime

    from msoc.apps.news.localfeed import Story
    from msoc.thai import BANGKOK

    place = PROVINCES[rng.randrange(len(PROVINCES))]
    title = f"ข่าวลำดับที่ {n}: พม. ลงพื้นที่ช่วยเหลือครอบครัวเปราะบางในจังหวัด{place}"
    body = (
        f"เจ้าหน้าที่ลงพื้นที่จังหวัด{place} ช่วยเหลือผู้สูงอายุและเด็กในครอบครัวเปราะบาง ข่าวลำดับที่ {n}\n"
        "มอบถุงยังชีพและประเมินความต้องการของแต่ละครอบครัวตามข้อสั่งการของกระทรวง"
    )
    return Story(outlet, f"s{n}", title, body, datetime.now(BANGKOK) - timedelta(seconds=5))


def _enriched(db: Path) -> dict[str, float]:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return {
                url: 0.0 for (url,) in conn.execute("SELECT url FROM news_item WHERE section != ''")
            }
    except sqlite3.OperationalError:  # locked for a moment, or not created yet
        return {}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _wait_for_port(port: int, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise RuntimeError("msoc serve did not start")


def run(quick: bool = False, process: str = "serve") -> dict[str, Any]:
    """Publish over time, measure appearance → enriched; the figures."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msoc.settings")
    import django

    django.setup()
    from msoc.apps.news.localfeed import LocalFeedServer

    duration = 150 if quick else 360
    rng = random.Random(2566)
    site = LocalFeedServer(feed_size=30).start()
    outlets = [f"สำนักข่าวทดสอบ {n}" for n in range(FEEDS)]
    for n, outlet in enumerate(outlets):  # every feed exists before msoc first polls it
        site.publish(_story(rng, outlet, n))
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = _env(tmp)
        assert _msoc(env, "db", "upgrade").wait(300) == 0
        feeds = [arg for o in outlets for arg in ("--feed", site.feed_url(o))]
        add = _msoc(env, "sources", "add", "--name", "ทดสอบความสด", *feeds, "--interval", str(POLL))
        assert add.wait(120) == 0
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if process == "serve":
            proc = _msoc(env, "serve", "--port", str(port))
            _wait_for_port(port)
        else:
            proc = _msoc(env, "worker", "--idle", "5")
        try:
            return _measure(site, outlets, tmp / "fresh.db", rng, duration, process)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(60)
            site.stop()


def _measure(
    site: Any, outlets: list[str], db: Path, rng: random.Random, duration: float, process: str
) -> dict[str, Any]:
    """Publish at random moments for `duration` s; record when each story came out enriched."""
    done: dict[str, float] = {}
    warm = time.monotonic() + POLL + 30  # the first round of polls stores the seed stories
    while time.monotonic() < warm:
        time.sleep(1)
    published: list[str] = []
    end = time.monotonic() + duration
    n = len(outlets)
    next_at = time.monotonic()
    while time.monotonic() < end or (
        any(u not in done for u in published) and time.monotonic() < end + POLL + 120
    ):
        if time.monotonic() >= next_at and time.monotonic() < end:
            published.append(site.publish(_story(rng, rng.choice(outlets), n)))
            n += 1
            next_at = time.monotonic() + rng.uniform(0.5, 3.0)
        now = time.time()
        for url in _enriched(db):
            done.setdefault(url, now)
        time.sleep(0.25)
    times = [done[u] - site.appeared[u] for u in published if u in done]
    return {
        "process": f"msoc {process}",
        "feeds": len(outlets),
        "poll_interval_s": POLL,
        "stories_published": len(published),
        "stories_enriched": len(times),
        "freshness_p50_s": round(_percentile(times, 0.5), 1) if times else "-",
        "freshness_p95_s": round(_percentile(times, 0.95), 1) if times else "-",
        "freshness_max_s": round(max(times), 1) if times else "-",
        "target_p95_s": POLL + 60,
    }


if __name__ == "__main__":
    figures = run(
        quick="--quick" in sys.argv, process="worker" if "--worker" in sys.argv else "serve"
    )
    for key, value in figures.items():
        print(f"{key:<24} {value}")

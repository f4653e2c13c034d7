"""Ingestion benchmark: 50 feeds and 10,000 generated Thai article pages from a local server.

Measures articles per second for fetch + parse + extract + store (SQLite in a temp folder),
pinned to 2 cores where the OS allows, and the resident memory along the run.
Run: `.venv/bin/python benchmarks/ingest.py [--quick]`.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FEEDS = 50
PARAGRAPH = (
    "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์ลงพื้นที่ช่วยเหลือผู้ประสบภัยในจังหวัด{p} "
    "โดยมอบถุงยังชีพและประเมินความต้องการของครอบครัวเปราะบาง รวมทั้งเด็ก ผู้สูงอายุ "
    "และคนพิการ ตามข้อสั่งการของรัฐมนตรีว่าการกระทรวง ข่าวลำดับที่ {n} ย่อหน้า {k}"
)
PROVINCES = ["นครสวรรค์", "เลย", "ตาก", "ยะลา", "ภูเก็ต", "ชลบุรี", "พัทลุง", "อุดรธานี"]


def _article(feed: int, n: int) -> bytes:
    when = datetime(2023, 5, 2, 12, tzinfo=UTC) - timedelta(minutes=n)
    title = f"ข่าวทดสอบ {feed}-{n}: พม. ช่วยเหลือผู้ประสบภัยจังหวัด{PROVINCES[n % 8]}"
    paras = "".join(
        f"<p>{PARAGRAPH.format(p=PROVINCES[(n + k) % 8], n=n, k=k)}</p>" for k in range(6)
    )
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": when.isoformat(),
        },
        ensure_ascii=False,
    )
    return (
        f'<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>{title} - ข่าวออนไลน์'
        f'</title><meta property="og:title" content="{title}"><script type="application/ld+json">'
        f'{ld}</script></head><body><nav><a href="/">หน้าแรก</a><a href="/s">สังคม</a></nav>'
        f'<article><h1>{title}</h1>{paras}</article><aside><ul><li><a href="/x">ข่าวอื่น</a></li>'
        f"</ul></aside><footer>ติดต่อโฆษณา</footer></body></html>"
    ).encode()


def _feed(feed: int, per_feed: int) -> bytes:
    items = "".join(
        f"<item><title>ข่าวทดสอบ {feed}-{n}</title><link>/a/{feed}/{n}.html</link>"
        f"<pubDate>Tue, 02 May 2023 12:00:00 +0000</pubDate></item>"
        for n in range(per_feed)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>f{feed}'
        f"</title>{items}</channel></rss>"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    per_feed = 200

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        parts = self.path.strip("/").split("/")
        if parts[0] == "feed":
            body, ctype = _feed(int(parts[1].split(".")[0]), self.per_feed), "application/rss+xml"
        elif parts[0] == "a":
            body, ctype = _article(int(parts[1]), int(parts[2].split(".")[0])), "text/html"
        else:
            body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
        self.send_response(200)
        self.send_header("Content-Type", ctype + "; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _serve(per_feed: int, port_queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    _Handler.per_feed = per_feed
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    port_queue.put(server.server_address[1])
    server.serve_forever()


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def run(quick: bool) -> dict[str, float | int | str]:
    """Run the benchmark; returns its figures."""
    per_feed = 20 if quick else 200
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    server = multiprocessing.Process(target=_serve, args=(per_feed, queue), daemon=True)
    server.start()
    port = queue.get(timeout=30)
    tmp = tempfile.mkdtemp(prefix="msoc-bench-")
    os.environ["MSOC_DATABASE_URL"] = f"sqlite:///{tmp}/bench.db"
    os.environ["MSOC_VAR_DIR"] = tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msoc.settings")
    cores = "all"
    if hasattr(os, "sched_setaffinity") and len(os.sched_getaffinity(0)) > 2:
        os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:2])
        cores = "2"
    elif hasattr(os, "sched_getaffinity"):
        cores = str(len(os.sched_getaffinity(0)))
    try:
        return _measure(port, per_feed, cores)
    finally:
        server.terminate()


def _measure(port: int, per_feed: int, cores: str) -> dict[str, float | int | str]:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from msoc.apps.news import actions
    from msoc.apps.news.feeds import FetchConfig
    from msoc.apps.news.models import Item
    from msoc.apps.news.pipeline import enabled_feeds, ingest_feeds

    call_command("migrate", verbosity=0)
    for f in range(FEEDS):
        actions.do_save_source(
            f"แหล่ง {f:02d} ออนไลน์", "web", [f"http://127.0.0.1:{port}/feed/{f}.xml"]
        )
    config = FetchConfig(user_agent="msoc-bench/0.1", delay=0.0, per_host=16, workers=16)
    samples: list[float] = []
    done = [0]

    def tick() -> None:
        done[0] += 1
        if done[0] % 10 == 0:
            samples.append(round(_rss_mb(), 1))

    rss_before = _rss_mb()
    start = time.perf_counter()
    summary = ingest_feeds(enabled_feeds(), config, on_feed_done=tick)
    elapsed = time.perf_counter() - start
    stored = Item.objects.count()
    return {
        "articles": stored,
        "seconds": round(elapsed, 2),
        "articles_per_s": round(stored / elapsed, 1),
        "cores": cores,
        "rss_mb_before": round(rss_before, 1),
        "rss_mb_every_10_feeds": str(samples),
        "rss_mb_peak": round(_peak_mb(), 1),
        "skipped": summary.items_skipped,
    }


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    figures = run(quick="--quick" in sys.argv)
    for key, value in figures.items():
        print(f"{key:24} {value}")

"""Load test (issue 9 item 7): many signed-in users on `msoc serve` while ingestion writes.

A working copy of the seeded benchmark database (benchmarks/_seed.py; 200,000 items and 1,000
reports, quick: 20,000 and 100) is served by `msoc serve --workers 2 --threads 8 --no-scheduler`.
50 users (quick: 10) request the review queue, report previews, search and the API back to back
for 300 s (quick: 30 s), like benchmarks/web.py, while `python -m msoc ingest --once` runs again
and again against the same database, fed by a local feed server on which 20 feeds grow to 100
new articles each (quick: 20) over the run. Every request goes to 127.0.0.1.
Any answer outside 2xx/3xx and any connection error counts as an error; the aim is zero.
Run: `.venv/bin/python benchmarks/load.py [--quick] [--seconds N] [--keep]` (--keep leaves the
working copy of the database in var/bench; it is deleted otherwise).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks._seed import bench_env, ensure_seed  # noqa: E402
from benchmarks.ingest import _feed, _Handler  # noqa: E402
from benchmarks.web import (  # noqa: E402
    _free_port,
    _login,
    _plan,
    _start_server,
    _summary,
    _tree_rss_mb,
)

FEEDS = 20
INGEST_ARGS = ("ingest", "--once")
FETCH_DELAY = "0.05"  # seconds between two requests to the one local host
SOURCE_PREFIX = "โหลดทดสอบ"
# Sources of the seed point at real news sites: switch them off, add the local feeds.
SETUP = """
import sys, django
django.setup()
from msoc.apps.news import actions
from msoc.apps.news.models import Feed, Source
Source.objects.update(enabled=False)
Feed.objects.update(enabled=False)
for f in range(int(sys.argv[2])):
    actions.do_save_source(f"{sys.argv[3]} {f:02d}", "web",
                           [f"http://127.0.0.1:{sys.argv[1]}/feed/{f}.xml"], enabled=True)
"""
LOCK_WORDS = ("database is locked", "IntegrityError", "Traceback")


class _GrowingHandler(_Handler):
    """The feeds of benchmarks/ingest.py, each showing more articles as the run goes on."""

    start_at: Any = None  # multiprocessing.Value("d"): when the load starts (inf: not yet)
    seconds = 1.0

    def do_GET(self) -> None:  # noqa: N802
        parts = self.path.strip("/").split("/")
        if parts[0] != "feed":
            super().do_GET()
            return
        shown = self._shown()
        body = _feed(int(parts[1].split(".")[0]), shown)
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _shown(self) -> int:
        elapsed = time.time() - self.start_at.value
        if elapsed < 0:
            return 0
        return min(self.per_feed, int(self.per_feed * elapsed / self.seconds) + 1)


def _serve_feeds(per_feed: int, seconds: float, start_at: Any, port_queue: Any) -> None:
    _GrowingHandler.per_feed, _GrowingHandler.seconds = per_feed, seconds
    _GrowingHandler.start_at = start_at
    server = ThreadingHTTPServer(("127.0.0.1", 0), _GrowingHandler)
    server.daemon_threads = True
    port_queue.put(server.server_address[1])
    server.serve_forever()


def _copy_db(seed: Path, copy: Path) -> float:
    """A consistent copy of the seed (WAL included) through SQLite's online backup."""
    started = time.perf_counter()
    for stale in copy.parent.glob(copy.name + "*"):
        stale.unlink()
    src = sqlite3.connect(f"file:{seed}?mode=ro", uri=True)
    dst = sqlite3.connect(copy)
    with dst:
        src.backup(dst)
    dst.execute("PRAGMA journal_mode=WAL")
    src.close()
    dst.close()
    return time.perf_counter() - started


def _users(
    base: str, threads: int, start_at: float, seconds: float, seed: int, quick: bool
) -> tuple[list[tuple[str, int, float]], list[str]]:
    """One client process of `threads` users (web.py's loop) that also says what each error was."""
    results: list[tuple[str, int, float]] = []
    notes: list[str] = []
    lock = threading.Lock()

    def work(k: int) -> None:
        mine, mine_notes = [], []
        try:
            client = _login(base)
            plan = _plan(quick, seed * 100 + k)
            for _, path in plan[:4]:  # warm-up, not counted
                client.get(path)
        except Exception as exc:  # noqa: BLE001 - a user who cannot sign in is an error
            mine, mine_notes = [("login", 0, 0.0)], [f"login: {type(exc).__name__}: {exc}"]
            plan = []
        time.sleep(max(start_at - time.time(), 0))
        end, i = start_at + seconds, 0
        while plan and time.time() < end:
            name, path = plan[i % len(plan)]
            i += 1
            t0 = time.perf_counter()
            try:
                status, note = client.get(path).status_code, ""
            except Exception as exc:  # noqa: BLE001 - a timeout or reset counts as an error
                status, note = 0, type(exc).__name__
            mine.append((name, status, (time.perf_counter() - t0) * 1000))
            if not 200 <= status < 400:
                mine_notes.append(f"{name} {status} {note} {path}")
        with lock:
            results.extend(mine)
            notes.extend(mine_notes)

    pool = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return results, notes


def _ingest_pass(env: dict[str, str], timeout: float) -> dict[str, Any]:
    """One `msoc ingest --once`: its exit code, summary figures and lock/traceback counts."""
    started = time.time()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "msoc", *INGEST_ARGS],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        rc, out = done.returncode, done.stdout + done.stderr
    except subprocess.TimeoutExpired as exc:
        rc, out = -9, f"timeout after {timeout:.0f} s {exc.stdout!r} {exc.stderr!r}"
    figures: dict[str, Any] = {"rc": rc, "s": round(time.time() - started, 1)}
    for key, pattern in (("new", "ข่าวใหม่"), ("skipped", "ข้าม"), ("feeds_failed", "ล้มเหลว")):
        found = re.search(pattern + r" (\d+)", out)
        figures[key] = int(found.group(1)) if found else 0
    for word in LOCK_WORDS:
        figures[word] = out.count(word)
    figures["tail"] = out.strip().splitlines()[-3:] if rc else []
    return figures


def _ingest_loop(db: Path, start_at: float, end: float, passes: list[dict[str, Any]]) -> None:
    """Ingest again and again from start_at until end; the last pass may run past end."""
    env = {**bench_env(db), "MSOC_FETCH_DELAY": FETCH_DELAY, "MSOC_LOG_LEVEL": "WARNING"}
    time.sleep(max(start_at - time.time(), 0))
    while time.time() < end:
        passes.append({"at_s": round(time.time() - start_at, 1), **_ingest_pass(env, 300.0)})


def _local_items(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        return int(
            con.execute(
                "SELECT COUNT(*) FROM news_item WHERE url LIKE 'http://127.0.0.1:%'"
            ).fetchone()[0]
        )


def _fetch_errors(db: Path) -> dict[str, int]:
    """Errors the ingestion wrote into its fetch log for the local feeds, by message."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        rows = con.execute(
            "SELECT l.error, COUNT(*) FROM news_fetchlog l JOIN news_feed f ON f.id = l.feed_id "
            "WHERE f.url LIKE 'http://127.0.0.1:%' AND l.error != '' GROUP BY l.error"
        ).fetchall()
    return {str(error)[:120]: int(n) for error, n in rows}


def _ingest_figures(passes: list[dict[str, Any]], db: Path) -> dict[str, Any]:
    return {
        "ingest_passes": len(passes),
        "ingest_passes_failed": sum(1 for p in passes if p["rc"] != 0),
        "ingest_pass_s_max": max((p["s"] for p in passes), default=0.0),
        "ingest_items_new": sum(p["new"] for p in passes),
        "ingest_items_skipped": sum(p["skipped"] for p in passes),
        "ingest_feeds_failed": sum(p["feeds_failed"] for p in passes),
        "ingest_db_locked": sum(p["database is locked"] for p in passes),
        "ingest_integrity_errors": sum(p["IntegrityError"] for p in passes),
        "ingest_tracebacks": sum(p["Traceback"] for p in passes),
        "ingest_fetch_log_errors": json.dumps(_fetch_errors(db), ensure_ascii=False),
        "ingest_timeline": json.dumps([(p["at_s"], p["s"], p["new"]) for p in passes]),
        "ingest_failed_tails": json.dumps(
            [p["tail"] for p in passes if p["rc"]][:3], ensure_ascii=False
        ),
    }


def _server_errors(log: Path) -> dict[str, Any]:
    """The 500s the server logged, counted by the last exception line of each traceback."""
    text = log.read_text(encoding="utf-8", errors="replace")
    blocks = text.split("Internal Server Error:")[1:]
    final: Counter[str] = Counter()
    for block in blocks:
        lines = [ln for ln in block.splitlines() if re.match(r"[\w.]+(Error|Exception)\b", ln)]
        final[lines[-1][:160] if lines else block.splitlines()[0][:160]] += 1
    return {
        "server_log_500s": len(blocks),
        "server_log_db_locked": text.count("database is locked"),
        "server_log_exceptions": json.dumps(dict(final), ensure_ascii=False),
    }


def _sample(server_pid: int, stop: threading.Event, start_at: float, out: dict[str, list]) -> None:
    """Every 5 s under load: the 1-minute load average and the server's resident memory."""
    while not stop.wait(5.0):
        if time.time() >= start_at:
            out["load"].append(os.getloadavg()[0])
            out["rss"].append(_tree_rss_mb(server_pid, "VmRSS"))


def _drive(
    base: str, db: Path, users: int, seconds: float, quick: bool, feed_start: Any, server_pid: int
) -> dict[str, Any]:
    """Users and ingestion together; returns the raw results of both."""
    processes = max(users // 10, 2)
    start_at = time.time() + (15.0 if quick else 60.0)  # sign-ins (argon2) and warm-up first
    end = start_at + seconds
    passes: list[dict[str, Any]] = []
    with ProcessPoolExecutor(processes) as pool:  # forked before any thread starts here
        jobs = [
            pool.submit(_users, base, users // processes, start_at, seconds, k, quick)
            for k in range(processes)
        ]
        feed_start.value = start_at
        ingest = threading.Thread(target=_ingest_loop, args=(db, start_at, end, passes))
        ingest.start()
        samples: dict[str, list[float]] = {"load": [], "rss": []}
        stop = threading.Event()
        threading.Thread(
            target=_sample, args=(server_pid, stop, start_at, samples), daemon=True
        ).start()
        answers = [job.result() for job in jobs]
        stop.set()
    items_in_window = _local_items(db)
    ingest.join(timeout=360)
    return {
        "results": [r for a in answers for r in a[0]],
        "notes": [n for a in answers for n in a[1]],
        "passes": passes,
        "items_in_window": items_in_window,
        "samples": samples,
    }


def _start_feeds(db: Path, per_feed: int, seconds: float) -> tuple[Any, Any]:
    """The local feed server (its articles appear once the shared start time is set) and the
    sources of the database switched over to it; returns the server process and that time."""
    feed_start = multiprocessing.Value("d", float("inf"))
    ports: Any = multiprocessing.Queue()
    feeds = multiprocessing.Process(
        target=_serve_feeds, args=(per_feed, seconds, feed_start, ports), daemon=True
    )
    feeds.start()
    try:
        subprocess.run(
            [sys.executable, "-c", SETUP, str(ports.get(timeout=30)), str(FEEDS), SOURCE_PREFIX],
            cwd=ROOT,
            env=bench_env(db),
            check=True,
            capture_output=True,
        )
    except BaseException:
        feeds.terminate()
        raise
    return feeds, feed_start


def run(quick: bool, keep: bool = False, seconds: float | None = None) -> dict[str, Any]:
    """Run the load test (`seconds` shortens or stretches it); returns its figures."""
    items, reports, users, default_s, per_feed = (
        (20_000, 100, 10, 30.0, 20) if quick else (200_000, 1000, 50, 300.0, 100)
    )
    seconds = seconds or default_s
    seed, _ = ensure_seed(items, reports)
    db = seed.with_name(f"load-{items}-{reports}.db")
    copy_s = _copy_db(seed, db)
    feeds, feed_start = _start_feeds(db, per_feed, seconds)
    load_before = os.getloadavg()[0]
    try:
        port, log = _free_port(), db.with_suffix(".serve.log")
        server = _start_server(db, port, log, workers=2)
        try:
            raw = _drive(
                f"http://127.0.0.1:{port}", db, users, seconds, quick, feed_start, server.pid
            )
        finally:
            server.terminate()
            server.wait(timeout=60)
        figures = _figures(raw, db, log, seconds)
    finally:
        feeds.terminate()
        if not keep:
            for path in db.parent.glob(db.name + "*"):
                path.unlink()
    return {
        "items": items,
        "reports": reports,
        "users": users,
        "seconds": seconds,
        "feeds": FEEDS,
        "articles_per_feed": per_feed,
        "fetch_delay_s": float(FETCH_DELAY),
        "server": "msoc serve --workers 2 --threads 8 --no-scheduler",
        "copy_db_s": round(copy_s, 1),
        "cpus": os.cpu_count(),
        "load_avg_1m_before": round(load_before, 2),
        **figures,
    }


def _figures(raw: dict[str, Any], db: Path, log: Path, seconds: float) -> dict[str, Any]:
    results, notes, samples = raw["results"], raw["notes"], raw["samples"]
    kinds = Counter(
        " ".join(n.split(" ")[:3]).strip() for n in notes
    )  # endpoint, status, exception
    loads = samples["load"]
    return {
        "load_avg_1m_under_load_mean": round(sum(loads) / len(loads), 2) if loads else 0.0,
        "load_avg_1m_under_load_max": round(max(loads), 2) if loads else 0.0,
        "server_rss_mb_max_under_load": round(max(samples["rss"]), 1) if samples["rss"] else 0.0,
        "logins_failed": sum(1 for r in results if r[0] == "login"),
        **_summary([r for r in results if r[0] != "login"], seconds),
        "error_kinds": json.dumps(dict(kinds), ensure_ascii=False),
        "error_examples": json.dumps(notes[:5], ensure_ascii=False),
        **_ingest_figures(raw["passes"], db),
        "items_ingested_in_window": raw["items_in_window"],
        "items_ingested_total": _local_items(db),
        **_server_errors(log),
    }


if __name__ == "__main__":
    span = float(sys.argv[sys.argv.index("--seconds") + 1]) if "--seconds" in sys.argv else None
    figures = run(quick="--quick" in sys.argv, keep="--keep" in sys.argv, seconds=span)
    for key, value in figures.items():
        print(f"{key:36} {value}")

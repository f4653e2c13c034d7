"""Web app speed: p50/p95/p99 of the review queue, report preview, search and API under load.

Seeds (or reuses) a database of 200,000 items and 1,000 issued reports under var/bench/
(benchmarks/_seed.py), starts `msoc serve` (waitress, 8 threads) on it, signs 20 clients in through
the real login form and lets them request pages back to back (no think time, like wrk) for 60 s:
the review queue of a random day, the preview of a report (3 in 4 from the last 30 days), a search
for words of the sample report, and the API (a search or a report as JSON).
Aim (issue 5): p95 < 150 ms for pages and < 100 ms for a search.
Run: `.venv/bin/python benchmarks/web.py [--quick]` (quick: 20,000 items, 100 reports, 15 s).
"""

from __future__ import annotations

import json
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks._seed import END, SAMPLE, SPAN_DAYS, bench_env, ensure_seed  # noqa: E402

CLIENTS = 20
PROCESSES = 4  # client processes, CLIENTS / PROCESSES threads each: the client's GIL stays cool
USER, PASSWORD = "bench", "bench-password-2566"
ENDPOINTS = ("review", "preview", "search", "api_items", "api_report")
# Words of the sample report (kept only where the sample has them), one or two per query.
QUERY_WORDS = (
    "วัคซีน",
    "ไซยาไนด์",
    "ผู้สูงอายุ",
    "เด็ก",
    "น้ำท่วม",
    "ตำรวจ",
    "เลือกตั้ง",
    "นายกรัฐมนตรี",
    "ยาเสพติด",
    "คนพิการ",
    "แผ่นดินไหว",
    "ความรุนแรง",
    "ทหาร",
    "ผู้ว่าราชการจังหวัด",
    "สงคราม",
    "ประชาชน",
    "ช่วยเหลือ",
    "ยูเครน",
    "ไฟป่า",
    "หมอกควัน",
)


def _queries() -> list[str]:
    text = SAMPLE.read_text(encoding="utf-8")
    words = [w for w in QUERY_WORDS if w in text]
    return words + [f"{a} {b}" for a, b in zip(words, words[3:] + words[:3], strict=True)]


def _plan(quick: bool, seed: int) -> list[tuple[str, str]]:
    """A long, shuffled list of (endpoint, path) that every client walks through in a loop."""
    rng = random.Random(seed)
    reports = 100 if quick else 1000
    # The seed puts the sample on the oldest of these days when it is not among them: skip that one.
    report_days = [END - timedelta(days=i) for i in range(reports - 1)]
    item_days = [END - timedelta(days=i) for i in range(SPAN_DAYS)]
    words = _queries()
    plan: list[tuple[str, str]] = []
    for _ in range(400):
        # Staff mostly open recent reports: 3 in 4 previews are of the last 30 days.
        recent = report_days[:30] if rng.random() < 0.75 else report_days
        word, report_day = rng.choice(words), rng.choice(recent).isoformat()
        api = (
            ("api_items", f"/api/items?q={word}")
            if rng.random() < 0.5
            else ("api_report", f"/api/reports/{report_day}")
        )
        plan += [
            ("review", f"/review/?day={rng.choice(item_days).isoformat()}"),
            ("preview", f"/reports/{report_day}/preview/"),
            ("search", f"/search/?q={word}"),
            api,
        ]
    rng.shuffle(plan)
    return plan


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _login(base: str) -> Any:
    """An httpx client signed in through /login with the form's CSRF token."""
    import httpx

    client = httpx.Client(base_url=base, timeout=30.0, follow_redirects=False)
    page = client.get("/login")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if token is None:
        raise RuntimeError("no CSRF token on /login")
    answer = client.post(
        "/login",
        data={
            "csrfmiddlewaretoken": token.group(1),
            "username": USER,
            "password": PASSWORD,
            "next": "/",
        },
        headers={"Referer": f"{base}/login"},
    )
    if answer.status_code != 302 or "sessionid" not in client.cookies:
        raise RuntimeError(f"login failed: {answer.status_code}")
    return client


def _client_process(
    base: str, threads: int, start_at: float, seconds: float, seed: int, quick: bool
) -> list[tuple[str, int, float]]:
    """One client process: `threads` signed-in clients requesting back to back until time is up.

    Only requests sent within [start_at, start_at + seconds] are kept: sign-in (argon2) and
    warm-up happen before.
    """
    results: list[tuple[str, int, float]] = []
    lock = threading.Lock()

    def work(k: int) -> None:
        client = _login(base)
        plan = _plan(quick, seed * 100 + k)
        for _, path in plan[:4]:  # warm-up, not counted
            client.get(path)
        time.sleep(max(start_at - time.time(), 0))
        mine, end, i = [], start_at + seconds, 0
        while (sent := time.time()) < end:
            name, path = plan[i % len(plan)]
            i += 1
            t0 = time.perf_counter()
            try:
                status = client.get(path).status_code
            except Exception:  # noqa: BLE001 - a timeout or reset counts as an error
                status = 0
            if sent >= start_at:
                mine.append((name, status, (time.perf_counter() - t0) * 1000))
        with lock:
            results.extend(mine)

    pool = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return results


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(int(p / 100 * len(ordered)), len(ordered) - 1)], 1) if ordered else 0.0


def _summary(results: list[tuple[str, int, float]], seconds: float) -> dict[str, Any]:
    out: dict[str, Any] = {
        "requests": len(results),
        "requests_per_s": round(len(results) / seconds, 1),
    }
    for name in ENDPOINTS:
        mine = [r for r in results if r[0] == name]
        times = [r[2] for r in mine]
        out[f"{name}_n"] = len(mine)
        out[f"{name}_errors"] = sum(1 for r in mine if not 200 <= r[1] < 400)
        for p in (50, 95, 99):
            out[f"{name}_p{p}_ms"] = _percentile(times, p)
    out["errors"] = sum(1 for r in results if not 200 <= r[1] < 400)
    out["statuses"] = json.dumps(
        {s: sum(1 for r in results if r[1] == s) for s in {r[1] for r in results}}
    )
    return out


def _solo(base: str, quick: bool) -> dict[str, float]:
    """Median latency of each endpoint with one client alone: the service time, no queueing."""
    client = _login(base)
    plan = _plan(quick, 999)
    out = {}
    for name in ENDPOINTS:
        times = []
        for path in [p for n, p in plan if n == name][:20]:
            t0 = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
        out[f"{name}_solo_p50_ms"] = _percentile(times, 50)
    return out


def _rss_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _tree_rss_mb(pid: int, field: str) -> float:
    """The field summed over the server process and its worker processes."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return _rss_mb(pid, field) + sum(_rss_mb(int(c), field) for c in children)


def _start_server(db: Path, port: int, log: Path, workers: int) -> subprocess.Popen:  # type: ignore[type-arg]
    env = {**bench_env(db), "MSOC_PASSWORD": PASSWORD}
    subprocess.run(
        [sys.executable, "-m", "msoc", "users", "add", USER, "--role", "editor"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "msoc",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--threads",
            "8",
            "--workers",
            str(workers),
            "--no-scheduler",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    import httpx

    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        if server.poll() is not None:
            raise RuntimeError(f"msoc serve exited: see {log}")
        time.sleep(0.5)
    server.kill()
    raise RuntimeError("msoc serve did not answer within 120 s")


def run(quick: bool, workers: int = 2) -> dict[str, Any]:
    """Run the benchmark against `msoc serve --workers N`; returns its figures."""
    items, reports, seconds = (20_000, 100, 15.0) if quick else (200_000, 1000, 60.0)
    db, seeded = ensure_seed(items, reports)
    load_before = os.getloadavg()[0]  # what else runs on the machine (others' tests, say)
    port = _free_port()
    server = _start_server(db, port, db.with_suffix(".serve.log"), workers)
    rss: list[float] = []
    stop = threading.Event()
    start_at = float("inf")

    def watch() -> None:
        while not stop.wait(1.0):
            if time.time() >= start_at:
                rss.append(_tree_rss_mb(server.pid, "VmRSS"))

    watcher = threading.Thread(target=watch, daemon=True)
    try:
        rss_start = _tree_rss_mb(server.pid, "VmRSS")
        solo = _solo(f"http://127.0.0.1:{port}", quick)
        start_at = time.time() + 20.0  # time for 20 sign-ins and warm-up requests first
        watcher.start()
        per = CLIENTS // PROCESSES
        with ProcessPoolExecutor(PROCESSES) as pool:
            jobs = [
                pool.submit(
                    _client_process, f"http://127.0.0.1:{port}", per, start_at, seconds, k, quick
                )
                for k in range(PROCESSES)
            ]
            results = [r for job in jobs for r in job.result()]
        peak = _tree_rss_mb(server.pid, "VmHWM")
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)
    return {
        "items": seeded.get("items"),
        "reports": seeded.get("reports"),
        "seed_reused": seeded.get("reused"),
        "seed_total_s": seeded.get("seed_total_s"),
        "index_s": seeded.get("index_s"),
        "clients": CLIENTS,
        "seconds": seconds,
        "server_workers": workers,
        "load_avg_1m_before": round(load_before, 2),
        "cpus": os.cpu_count(),
        **solo,
        **_summary(results, seconds),
        # The all-time peak includes the sign-ins: argon2 takes ~100 MiB per hash, 8 at once.
        "server_rss_mb_start": round(rss_start, 1),
        "server_rss_mb_peak_with_logins": round(peak, 1),
        "server_rss_mb_max_under_load": round(max(rss), 1) if rss else 0.0,
    }


if __name__ == "__main__":
    n = int(sys.argv[sys.argv.index("--workers") + 1]) if "--workers" in sys.argv else 2
    figures = run(quick="--quick" in sys.argv, workers=n)
    for key, value in figures.items():
        print(f"{key:28} {value}")

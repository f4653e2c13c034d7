"""SIGKILL `msoc ingest --once` at random points, then finish: every item stored exactly once."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .server import BAD_FEEDS, FIXTURES, GOOD_FEEDS

ROOT = Path(__file__).resolve().parents[2]
KILLS = 10
# Storing alone: the kills must land while items are written, not while the first run trains the
# section model; enrichment's own crash safety is tested with killed workers in test_live.py.
FAST = ["--delay", "0", "--timeout", "1", "--retries", "1", "--backoff", "0.01", "--no-enrich"]


def _msoc(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "msoc", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


@pytest.mark.slow
def test_sigkill_mid_pass_loses_nothing_and_duplicates_nothing(fixture_server, tmp_path):
    env = {
        **os.environ,
        "MSOC_DATABASE_URL": f"sqlite:///{tmp_path / 'kill.db'}",
        "MSOC_VAR_DIR": str(tmp_path),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    sources = [(n, k, p) for n, (k, p) in GOOD_FEEDS.items()]
    sources += [("แหล่งเสีย", "web", p) for p in list(BAD_FEEDS)[:3]]
    for name, kind, path in sources:
        proc = _msoc(
            env,
            "sources",
            "add",
            "--name",
            name,
            "--kind",
            kind,
            "--feed",
            fixture_server.url(path),
        )
        assert proc.wait(60) == 0, proc.stdout.read().decode() if proc.stdout else ""
    startup = _startup_seconds(env)
    rng = random.Random(20230502)
    counts = []
    for _ in range(KILLS):
        proc = _msoc(env, "ingest", "--once", *FAST)
        time.sleep(rng.uniform(0.8 * startup, startup + 1.6))  # a first pass takes ~1-2 s
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        counts.append(_count(tmp_path / "kill.db"))
    final = _msoc(env, "ingest", "--once", *FAST)
    output = final.communicate(timeout=120)[0].decode()
    assert final.returncode == 0, output
    expected = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
    with sqlite3.connect(tmp_path / "kill.db") as db:
        titles = [row[0] for row in db.execute("SELECT title FROM news_item")]
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert sorted(titles) == sorted(e["title"] for e in expected)
    # At least one kill landed in the middle of storing, leaving a partial set behind.
    assert any(0 < n < len(expected) for n in counts), counts


def _startup_seconds(env: dict[str, str]) -> float:
    """How long msoc takes to start here (it varies with the machine and its load)."""
    started = time.monotonic()
    assert _msoc(env, "sources", "list").wait(60) == 0
    return time.monotonic() - started


def _count(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT count(*) FROM news_item").fetchone()[0])

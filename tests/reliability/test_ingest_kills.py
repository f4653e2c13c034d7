"""`msoc ingest --once` SIGKILLed at random points 50+ times: nothing lost, nothing doubled."""

from __future__ import annotations

import json
import random
import shutil
import signal
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.news import server as fixture_server
from tests.news.server import FIXTURES, GOOD_FEEDS

from .procs import msoc_env, run, start

KILLS = 60
# Storing alone: the kills must land while items are written, not while the first run trains the
# section model; enrichment's own crash safety is tested with killed workers in test_live.py.
FAST = ["--delay", "0", "--timeout", "1", "--retries", "1", "--backoff", "0.01", "--no-enrich"]


@pytest.fixture
def news_server() -> Iterator[fixture_server.FixtureServer]:
    """The news tests' fixture HTTP server on 127.0.0.1."""
    srv = fixture_server.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def stored(db: Path) -> tuple[list[str], list[str]]:
    """Titles and URLs of the stored news items (after an integrity check)."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute("SELECT title, url FROM news_item").fetchall()
    return [r[0] for r in rows], [r[1] for r in rows]


@pytest.mark.slow
def test_sixty_sigkills_lose_and_double_nothing(
    news_server, tmp_path: Path, test_output: Path
) -> None:
    db = tmp_path / "kill.db"
    env = msoc_env(db)
    run(env, "db", "upgrade")
    for name, (kind, path) in GOOD_FEEDS.items():
        run(env, "sources", "add", "--name", name, "--kind", kind, "--feed", news_server.url(path))
    template = tmp_path / "empty.db"
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(db, template)
    expected = sorted(
        e["title"] for e in json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
    )
    started = time.monotonic()
    run(env, "sources", "list")
    startup = time.monotonic() - started  # varies with the machine and its load
    rng = random.Random(20230503)
    counts, landed_mid_pass = [], 0
    before = 0
    for _ in range(KILLS):
        proc = start(env, "ingest", "--once", *FAST)
        time.sleep(rng.uniform(0.7 * startup, startup + 1.2))  # a pass takes ~0.5-1 s
        alive = proc.poll() is None
        if alive:
            proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        titles, urls = stored(db)
        # After every kill: no duplicate, nothing that is not one of the fixtures' items.
        assert len(set(urls)) == len(urls) and len(set(titles)) == len(titles), titles
        assert set(titles) <= set(expected), sorted(set(titles) - set(expected))
        counts.append(len(titles))
        # A kill that landed mid-pass: the killed process had stored some items, not all.
        landed_mid_pass += alive and before < len(titles) < len(expected)
        if len(titles) == len(expected) and rng.random() < 0.5:
            # Start over from the empty database now and then, so later kills land mid-pass.
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            shutil.copy(template, db)
        before = len(stored(db)[0])
    run(env, "ingest", "--once", *FAST)
    titles, _ = stored(db)
    assert sorted(titles) == expected
    assert landed_mid_pass > 0, counts  # some kills did hit a pass that was storing
    (test_output / "reliability-ingest-kills.json").write_text(
        json.dumps(
            {"kills": KILLS, "killed_while_storing": landed_mid_pass, "counts_after_each": counts}
        )
        + "\n",
        encoding="utf-8",
    )

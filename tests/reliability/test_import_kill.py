"""`msoc report import` SIGKILLed at random moments: the database is as before, or complete."""

from __future__ import annotations

import json
import random
import shutil
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_REPORT

from .procs import msoc_env, run, start, table_counts

KILLS = 25


def reset(db: Path, template: Path) -> None:
    """Put the migrated, empty database back (no WAL left from a killed process)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copy(template, db)


@pytest.mark.slow
def test_killed_import_leaves_the_database_before_or_complete(
    tmp_path: Path, test_output: Path
) -> None:
    db, template = tmp_path / "import.db", tmp_path / "empty.db"
    env = msoc_env(db)
    run(env, "db", "upgrade")
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(db, template)
    before = table_counts(db)
    started = time.monotonic()
    run(env, "report", "import", str(SAMPLE_REPORT))
    whole = time.monotonic() - started  # start-up and import, unkilled
    complete = table_counts(db)
    assert complete["reports_newsrow"] > 0 and complete != before
    rng = random.Random(20230503)
    outcomes = {"before": 0, "complete": 0}
    delay = 0.85 * whole
    for _ in range(KILLS):
        reset(db, template)
        proc = start(env, "report", "import", str(SAMPLE_REPORT))
        time.sleep(delay * rng.uniform(0.9, 1.1))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        counts = table_counts(db)  # integrity_check included
        assert counts in (before, complete), {
            t: (before.get(t), n, complete.get(t))
            for t, n in counts.items()
            if n not in (before.get(t), complete.get(t))
        }
        outcomes["before" if counts == before else "complete"] += 1
        # Home in on the moment of the commit: kill earlier after a complete import, later
        # after an untouched one, so the kills cluster where a half-done import could show.
        delay *= 0.92 if counts == complete else 1.08
    # Both ends were reached, so kills did land before and after the commit.
    assert outcomes["before"] and outcomes["complete"], outcomes
    (test_output / "reliability-import-kills.json").write_text(
        json.dumps({"kills": KILLS, "unkilled_seconds": round(whole, 2), **outcomes}) + "\n",
        encoding="utf-8",
    )

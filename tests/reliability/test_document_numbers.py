"""Document numbers under concurrent issuing and SIGKILLs: unique, consecutive, no gap."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from .procs import ROOT, msoc_env, run

WORKERS = 4
DATES_EACH = 25
ROUNDS = 3
WORKER = Path(__file__).with_name("issue_worker.py")


def issued(db: Path) -> list[int]:
    """Document numbers of the issued reports (after an integrity check)."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [
            r[0]
            for r in conn.execute(
                "SELECT document_number FROM reports_report WHERE status = 'issued'"
            )
        ]


@pytest.mark.slow
def test_numbers_never_skip_or_repeat(tmp_path: Path, test_output: Path) -> None:
    db = tmp_path / "numbers.db"
    env = msoc_env(db)
    run(env, "db", "upgrade")
    rng = random.Random(20230503)
    killed = 0
    for round_ in range(ROUNDS):
        procs = []
        for w in range(WORKERS):  # each worker its own dates, all on one sequence
            first = date(2030, 1, 1) + timedelta(days=(round_ * WORKERS + w) * DATES_EACH)
            procs.append(
                subprocess.Popen(
                    [sys.executable, str(WORKER), first.isoformat(), str(DATES_EACH)],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                )
            )
        outputs = {}
        for proc in rng.sample(procs, WORKERS // 2):  # half of them die mid-run
            assert proc.stdout is not None
            outputs[proc] = proc.stdout.readline()  # it has issued its first report
            time.sleep(rng.uniform(0.0, 0.4))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                killed += 1
        for proc in procs:
            output = outputs.get(proc, b"") + proc.communicate(timeout=120)[0]
            assert proc.returncode in (0, -signal.SIGKILL), output.decode(errors="replace")
        numbers = issued(db)
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), sorted(numbers)
    numbers = issued(db)
    with sqlite3.connect(db) as conn:
        last = conn.execute("SELECT last_number FROM reports_documentnumbersequence").fetchall()
    assert last == [(len(numbers),)]  # the next number follows the last issued one
    assert killed > 0 and WORKERS * DATES_EACH < len(numbers) < ROUNDS * WORKERS * DATES_EACH
    (test_output / "reliability-document-numbers.json").write_text(
        json.dumps({"workers": WORKERS * ROUNDS, "killed": killed, "issued": len(numbers)}) + "\n",
        encoding="utf-8",
    )

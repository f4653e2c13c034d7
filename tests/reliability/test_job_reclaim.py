"""A real `msoc worker` SIGKILLed mid-job: a second worker reclaims the job and finishes it once."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .procs import ROOT, msoc_env, run, start


def _wait(condition, what: str, proc: subprocess.Popen[bytes], limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if proc.poll() is not None:
            out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
            raise AssertionError(f"worker ended before {what}:\n{out}")
        assert time.monotonic() < deadline, f"no {what} within {limit} s"
        time.sleep(0.1)


def _jobs(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return sorted(
            conn.execute(
                "SELECT status, exception_class_path FROM django_tasks_database_dbtaskresult"
            ).fetchall()
        )


@pytest.mark.slow
def test_a_job_of_a_killed_worker_is_reclaimed_and_finished_exactly_once(tmp_path: Path) -> None:
    db, marks = tmp_path / "jobs.db", tmp_path / "marks"
    marks.mkdir()
    env = msoc_env(db)
    run(env, "db", "upgrade")
    enqueue = (
        "import django; django.setup(); from tests.reliability.jobtasks import mark; "
        f"mark.enqueue({str(marks)!r})"
    )
    subprocess.run(
        [sys.executable, "-c", enqueue],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "msoc.settings"},
        check=True,
    )
    first = start(env, "worker", "--idle", "1")
    _wait(lambda: any(marks.glob("started-*")), "job start", first)
    first.send_signal(signal.SIGKILL)
    first.wait(30)
    assert _jobs(db) == [("RUNNING", "")]  # the library alone would leave it so for ever
    time.sleep(1.1)  # older than the second worker's lease
    (marks / "go").touch()
    second = start({**env, "MSOC_JOB_LEASE": "1"}, "worker", "--idle", "1")
    try:
        _wait(lambda: (marks / "done.txt").exists(), "finished job", second)
        _wait(lambda: ("SUCCESSFUL", "") in _jobs(db), "success recorded", second)
        second.send_signal(signal.SIGTERM)
        output = second.communicate(timeout=60)[0].decode(errors="replace")
    finally:
        if second.poll() is None:
            second.kill()
    assert (marks / "done.txt").read_text().split() == [str(second.pid)]
    assert _jobs(db) == [("FAILED", "msoc.jobs.WorkerLost"), ("SUCCESSFUL", "")]
    assert "นำงานที่ค้าง" in output and "1 งาน" in output
    listed = run(env, "jobs", "--failed")
    assert "ล้มเหลว" in listed and "หยุดไป" in listed

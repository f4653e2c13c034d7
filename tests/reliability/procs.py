"""Helpers of the crash tests: msoc in a subprocess on its own SQLite file, and table counts."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def msoc_env(db: Path) -> dict[str, str]:
    """Environment of an msoc process using the SQLite file `db` (and its folder as var/)."""
    env = {**os.environ, "MSOC_DATABASE_URL": f"sqlite:///{db}", "MSOC_VAR_DIR": str(db.parent)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def start(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    """Start `python -m msoc ARGS…` with output captured."""
    return subprocess.Popen(
        [sys.executable, "-m", "msoc", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def run(env: dict[str, str], *args: str, timeout: float = 120) -> str:
    """Run msoc to the end; its output, or an AssertionError with the output on failure."""
    proc = start(env, *args)
    output = proc.communicate(timeout=timeout)[0].decode(errors="replace")
    assert proc.returncode == 0, f"msoc {' '.join(args)} failed:\n{output}"
    return output


def table_counts(db: Path) -> dict[str, int]:
    """Row count of every table of a SQLite file (integrity-checked first)."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: int(conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]) for n in names}

"""A job for the reclaim test: it marks that it started, waits for a go file, then records once."""

from __future__ import annotations

import os
import time
from pathlib import Path

from msoc.jobs import retried


@retried
def mark(folder: str) -> int:
    """Write started-PID, wait until `go` exists, then append this PID to done.txt."""
    where = Path(folder)
    (where / f"started-{os.getpid()}").touch()
    deadline = time.monotonic() + 120
    while not (where / "go").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("no go file")
        time.sleep(0.05)
    with (where / "done.txt").open("a") as done:
        done.write(f"{os.getpid()}\n")
    return os.getpid()

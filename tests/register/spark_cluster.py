"""A real Spark standalone cluster for the tests: one master and two workers, each its own process.

Started with Spark's own launcher (`spark-class`, shipped in the pyspark package) the way an
administrator starts them on several machines (`sbin/start-master.sh`, `sbin/start-worker.sh`),
bound to 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.net import free_port


def _alive_workers(ui_port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{ui_port}/json/", timeout=2) as r:
            return int(json.load(r).get("aliveworkers", 0))
    except OSError:
        return 0


def _start(
    spark_home: Path, args: list[str], env: dict[str, str], log: Path
) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [str(spark_home / "bin" / "spark-class"), *args],
            stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )  # fmt: skip


@contextmanager
def standalone_cluster(folder: Path, workers: int = 2, timeout: float = 90) -> Iterator[str]:
    """Start a master and `workers` workers; yield the master's spark:// URL; stop them all."""
    import pyspark

    spark_home = Path(pyspark.__file__).parent
    env = {**os.environ, "SPARK_HOME": str(spark_home), "SPARK_LOCAL_IP": "127.0.0.1",
           "SPARK_LOG_DIR": str(folder), "SPARK_NO_DAEMONIZE": "1"}  # fmt: skip
    port, ui_port = free_port(), free_port()
    master_url = f"spark://127.0.0.1:{port}"
    procs = [
        _start(spark_home, ["org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
               "--port", str(port), "--webui-port", str(ui_port)], env, folder / "master.log")
    ]  # fmt: skip
    try:
        for n in range(workers):
            work = folder / f"worker-{n}"
            work.mkdir()
            procs.append(_start(spark_home, [
                "org.apache.spark.deploy.worker.Worker", master_url, "--host", "127.0.0.1",
                "--cores", "1", "--memory", "1g", "--webui-port", str(free_port()),
                "--work-dir", str(work)], env, folder / f"worker-{n}.log"))  # fmt: skip
        deadline = time.monotonic() + timeout
        while _alive_workers(ui_port) < workers:
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                logs = "\n".join(p.read_text()[-2000:] for p in sorted(folder.glob("*.log")))
                raise RuntimeError(f"the Spark cluster did not come up:\n{logs}")
            time.sleep(0.5)
        yield master_url
    finally:
        for p in procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)

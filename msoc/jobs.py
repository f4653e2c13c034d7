"""Background jobs on django-tasks (Django 6's tasks API) with its database backend.

The queue lives in the database, so one SQLite file suffices and several `msoc worker` processes
can share PostgreSQL (the backend claims each job under a row lock). A job that raises is kept as
failed (visible with `msoc jobs`) and enqueued again after a back-off that doubles each attempt,
up to MSOC_JOB_RETRIES attempts after the first. A job left RUNNING by a worker that died (killed,
power cut) is reclaimed once its lease (MSOC_JOB_LEASE seconds since it started) has passed: kept
as failed with the reason and enqueued again like any failure (`reclaim_stale`).
"""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from uuid import uuid4

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task

R = TypeVar("R")


def retried(function: Callable[..., R]) -> Task[..., R]:
    """A task that, when it fails, enqueues itself again with exponential back-off."""

    @functools.wraps(function)
    def run(*args: Any, attempt: int = 0, **kwargs: Any) -> R:
        try:
            return function(*args, **kwargs)
        except Exception:
            if attempt < settings.MSOC_JOB_RETRIES:
                wait = settings.MSOC_JOB_BACKOFF * 2**attempt
                later = job.using(run_after=timezone.now() + timedelta(seconds=wait))
                later.enqueue(*args, attempt=attempt + 1, **kwargs)
            raise  # this attempt stays recorded as failed, with its traceback

    job: Task[..., R] = task()(run)
    return job


WORKER_LOST = "msoc.jobs.WorkerLost"


def reclaim_stale(now: datetime | None = None) -> int:
    """Fail and re-enqueue every job RUNNING for longer than MSOC_JOB_LEASE; how many.

    The library leaves a job whose worker died RUNNING for ever. Each stale row is taken under a
    row lock (skip_locked), so two workers reclaiming at once retry it only once.
    """
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    now = now or timezone.now()
    stale = DBTaskResult.objects.running().filter(
        started_at__lt=now - timedelta(seconds=settings.MSOC_JOB_LEASE)
    )
    reclaimed = 0
    while True:
        with exclusive_transaction(stale.db):
            job = stale.get_locked()
            if job is None:
                return reclaimed
            _fail_lost(job, now)
        reclaimed += 1


def _fail_lost(job: Any, now: datetime) -> None:
    """Keep a lost job as failed (visible in `msoc jobs`) and enqueue its next attempt."""
    lease = settings.MSOC_JOB_LEASE
    job.status, job.finished_at = "FAILED", now
    job.exception_class_path = WORKER_LOST
    job.traceback = (
        f"งานค้างสถานะกำลังทำเกิน {lease:g} วินาที (ผู้ทำงาน {', '.join(job.worker_ids)} หยุดไป) "
        "จึงนำกลับเข้าคิวใหม่"
    )
    job.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
    kwargs = dict(job.args_kwargs.get("kwargs", {}))
    attempt = int(kwargs.pop("attempt", 0))
    try:
        retried_task = (
            "attempt" in inspect.signature(job.task.func, follow_wrapped=False).parameters
        )
    except Exception:  # noqa: BLE001 - a task that no longer imports stays failed
        return
    if retried_task and attempt < settings.MSOC_JOB_RETRIES:
        job.task.enqueue(*job.args_kwargs.get("args", []), attempt=attempt + 1, **kwargs)


def upload_dir() -> Path:
    """Where uploads wait for their job (under VAR_DIR, kept until the job succeeds)."""
    folder = Path(settings.VAR_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep_upload(data: bytes, suffix: str) -> Path:
    """Write an upload to its own file for a job to read."""
    path = upload_dir() / f"{uuid4().hex}{suffix[:16]}"
    path.write_bytes(data)
    return path


def _worker(max_tasks: int | None = None) -> Any:
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=f"msoc-{os.getpid()}",
        excluded_queue_names=[],
    )


def _claim(ready: Any, worker_id: str) -> Any:
    """Take the first job of `ready` under a row lock (no other worker gets it), or None."""
    from django_tasks_db.utils import exclusive_transaction

    with exclusive_transaction(ready.db):
        claimed = ready.get_locked()
        if claimed is not None:
            claimed.claim(worker_id)
    return claimed


def run_jobs(max_tasks: int | None = None) -> int:
    """Run every job that is due now, one at a time; how many ran.

    The library's worker claims and runs each job; its own loop is not used because it closes
    the database connection between jobs, which the scheduler thread and tests do themselves.
    """
    from django_tasks_db.models import DBTaskResult

    worker = _worker(max_tasks)
    ran = 0
    while max_tasks is None or ran < max_tasks:
        claimed = _claim(
            DBTaskResult.objects.ready().filter(backend_name="default"), worker.worker_id
        )
        if claimed is None:
            return ran
        worker.run_task(claimed)
        ran += 1
    return ran


def run_job(job_id: str) -> bool:
    """Run one queued job now, in this process, unless a worker took it already."""
    from django_tasks_db.models import DBTaskResult

    worker = _worker(1)
    claimed = _claim(DBTaskResult.objects.ready().filter(pk=job_id), worker.worker_id)
    if claimed is not None:
        worker.run_task(claimed)
    return claimed is not None

"""The in-process scheduler of `msoc serve`: runs the news pipeline and periodic jobs in a thread.

The news pipeline runs every few seconds (a tick only claims feeds that are due, so an idle tick
costs one query); alerts, deliveries and retention run once a minute.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections

log = logging.getLogger(__name__)

Job = Callable[[], object]


def periodic_jobs() -> list[tuple[str, Job]]:
    """The jobs the scheduler runs once a minute; apps that are not installed are skipped."""
    jobs: list[tuple[str, Job]] = []
    try:
        from msoc.apps.alerts.actions import run_alerts
        from msoc.apps.alerts.deliveries import run_deliveries
    except ImportError:  # pragma: no cover - alerts not present
        pass
    else:  # alerts first, so that what fires goes out in the same tick
        jobs.append(("alerts", lambda: run_alerts()))
        jobs.append(("deliveries", lambda: run_deliveries(limit=50)))
    from msoc.apps.hotline.actions import do_apply_retention
    from msoc.jobs import reclaim_stale

    jobs.append(("retention", do_apply_retention))
    jobs.append(("reclaim-jobs", reclaim_stale))
    jobs.extend(rhythm_jobs())
    return jobs


def rhythm_jobs() -> list[tuple[str, Job]]:
    """The daily rhythm's jobs: reminders before the units' deadlines, saved searches that watch,
    and the nightly retraining of the section model on the staff's review decisions."""
    from msoc.apps.alerts.actions import run_saved_searches
    from msoc.apps.alerts.actions.reminders import run_reminders
    from msoc.apps.review.actions import do_queue_nightly_training

    return [
        ("reminders", run_reminders),
        ("saved-searches", run_saved_searches),
        ("nightly-training", do_queue_nightly_training),  # queues `msoc train`'s work once a night
    ]


def frequent_jobs() -> list[tuple[str, Job]]:
    """The jobs of every tick: the news pipeline and the background job queue (as `msoc worker`)."""
    from msoc.apps.news.pipeline import run_pipeline
    from msoc.jobs import run_jobs

    return [("news", lambda: run_pipeline(limit=20)), ("jobs", run_jobs)]


class Scheduler(threading.Thread):
    """A daemon thread: frequent jobs every `tick` seconds, the others every `interval`."""

    def __init__(
        self,
        interval: float = 60.0,
        jobs: list[tuple[str, Job]] | None = None,
        frequent: list[tuple[str, Job]] | None = None,
        tick: float | None = None,
    ) -> None:
        super().__init__(name="msoc-scheduler", daemon=True)
        self.interval = interval
        self.tick = tick if tick is not None else settings.MSOC_SCHEDULER_TICK
        self.jobs = jobs if jobs is not None else periodic_jobs()
        self.frequent = frequent if frequent is not None else frequent_jobs()
        self.stopped = threading.Event()

    def run(self) -> None:
        last = float("-inf")
        while not self.stopped.is_set():
            due = time.monotonic() - last >= self.interval
            if due:
                last = time.monotonic()
            for name, job in self.frequent + (self.jobs if due else []):
                try:
                    job()
                except Exception:  # a failing job must not stop the others or the server
                    log.exception("scheduled job %s failed", name)
                finally:
                    close_old_connections()
            self.stopped.wait(min(self.tick, self.interval))

    def stop(self) -> None:
        """Ask the thread to end after the current tick."""
        self.stopped.set()

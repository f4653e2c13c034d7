"""The in-process scheduler of `msoc serve`: polls due feeds and runs periodic jobs in a thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.db import close_old_connections

log = logging.getLogger(__name__)

Job = Callable[[], object]


def periodic_jobs() -> list[tuple[str, Job]]:
    """The jobs the scheduler runs every tick; apps that are not installed are skipped."""
    jobs: list[tuple[str, Job]] = []
    try:
        from msoc.apps.news.pipeline import run_due_feeds
    except ImportError:  # pragma: no cover - news ingestion not present
        pass
    else:
        jobs.append(("ingest", lambda: run_due_feeds(limit=20)))
    try:
        from msoc.apps.alerts.deliveries import run_deliveries
        from msoc.apps.alerts.rules import run_alerts
    except ImportError:  # pragma: no cover - alerts not present
        pass
    else:  # alerts first, so that what fires goes out in the same tick
        jobs.append(("alerts", lambda: run_alerts()))
        jobs.append(("deliveries", lambda: run_deliveries(limit=50)))
    from msoc.apps.hotline.privacy import do_apply_retention

    jobs.append(("retention", do_apply_retention))
    jobs.extend(rhythm_jobs())
    return jobs


def rhythm_jobs() -> list[tuple[str, Job]]:
    """The daily rhythm's jobs: reminders before the units' deadlines, saved searches that watch."""
    from msoc.apps.alerts.watch import run_saved_searches
    from msoc.apps.units.reminders import run_reminders

    return [("reminders", run_reminders), ("saved-searches", run_saved_searches)]


class Scheduler(threading.Thread):
    """A daemon thread that runs every periodic job each `interval` seconds until stopped."""

    def __init__(self, interval: float = 60.0, jobs: list[tuple[str, Job]] | None = None) -> None:
        super().__init__(name="msoc-scheduler", daemon=True)
        self.interval = interval
        self.jobs = jobs if jobs is not None else periodic_jobs()
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            for name, job in self.jobs:
                try:
                    job()
                except Exception:  # a failing job must not stop the others or the server
                    log.exception("scheduled job %s failed", name)
                finally:
                    close_old_connections()
            self.stopped.wait(self.interval)

    def stop(self) -> None:
        """Ask the thread to end after the current tick."""
        self.stopped.set()

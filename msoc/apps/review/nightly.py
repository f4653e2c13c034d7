"""The nightly retraining: the scheduler queues it once a night, a worker runs it."""

from __future__ import annotations

from typing import Any

from msoc.jobs import retried


@retried
def retrain_job() -> dict[str, Any]:
    """Retrain the section model with the staff's review decisions (a background job)."""
    from msoc.apps.review.actions import do_retrain_sections

    return do_retrain_sections().detail()

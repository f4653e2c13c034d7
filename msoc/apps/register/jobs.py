"""The register's background job: a survey upload parsed and stored off the request."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from msoc.jobs import retried

TASK_PATH = "msoc.apps.register.jobs.import_survey"


@retried
def import_survey(
    upload: str, name: str, keep_good: bool, provinces: list[int] | None, user_id: int | None
) -> dict[str, Any]:
    """Parse and store an uploaded survey file (the upload form's job)."""
    from django.contrib.auth import get_user_model

    from msoc.apps.register.actions.imports import do_import_survey

    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    path = Path(upload)
    outcome = do_import_survey(
        Path(name),
        data=path.read_bytes(),
        keep_good=keep_good,
        provinces=provinces,
        actor=user,
    )
    path.unlink(missing_ok=True)
    result = asdict(outcome)
    result["problems"] = result["problems"][:500]
    return result

"""Failed background jobs (a lost worker's too) on the admin-only jobs page, and in `msoc jobs`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from msoc import jobs
from msoc.apps.register.jobs import import_survey

PAGE = "/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED"


@pytest.mark.django_db
def test_a_stale_running_job_is_failed_retried_once_and_shown_to_admins_only(
    clients: dict[str, Client], settings, tmp_path
) -> None:
    settings.MSOC_JOB_LEASE = 60.0
    import_survey.enqueue(str(tmp_path / "x.csv"), "x.csv", False, None, None)
    job = DBTaskResult.objects.get()
    job.claim("dead-worker")
    assert jobs.reclaim_stale() == 0  # inside its lease: a live worker may still be on it
    DBTaskResult.objects.filter(pk=job.pk).update(started_at=timezone.now() - timedelta(hours=1))
    assert jobs.reclaim_stale() == 1
    assert jobs.reclaim_stale() == 0  # reclaimed once, not again
    lost = DBTaskResult.objects.get(pk=job.pk)
    assert (lost.status, lost.exception_class_path) == ("FAILED", jobs.WORKER_LOST)
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"] == {"attempt": 1}
    page = clients["admin"].get(PAGE)
    assert page.status_code == 200 and "import_survey" in page.content.decode()
    for role in ("editor", "viewer", "anonymous"):
        assert clients[role].get(PAGE).status_code == 302  # to the admin's sign-in

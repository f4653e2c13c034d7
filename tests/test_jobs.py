"""Background jobs (django-tasks, database backend): failures kept visible and retried with back-off."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from msoc import jobs
from msoc.apps.register.jobs import import_survey


@pytest.mark.django_db
def test_a_failing_job_is_kept_visible_and_retried_with_growing_back_off(
    settings, tmp_path
) -> None:
    settings.MSOC_JOB_RETRIES, settings.MSOC_JOB_BACKOFF = 2, 60.0
    missing = str(tmp_path / "gone.csv")
    import_survey.enqueue(missing, "gone.csv", False, None, None)
    assert jobs.run_jobs() == 1
    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.exception_class_path.endswith("FileNotFoundError")
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"] == {"attempt": 1}
    wait = (retry.run_after - timezone.now()).total_seconds()
    assert 30 < wait <= 60
    assert jobs.run_jobs() == 0  # not due yet
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    assert jobs.run_jobs() == 1
    second = DBTaskResult.objects.get(status="READY")
    assert 90 < (second.run_after - timezone.now()).total_seconds() <= 120  # doubled
    DBTaskResult.objects.filter(pk=second.pk).update(run_after=timezone.now())
    jobs.run_jobs()
    assert DBTaskResult.objects.filter(status="FAILED").count() == 3  # first + 2 retries
    assert not DBTaskResult.objects.filter(status="READY").exists()  # retries used up
    out = StringIO()
    call_command("jobs", "--failed", stdout=out)
    text = out.getvalue()
    assert text.count("ล้มเหลว") == 3 and "FileNotFoundError" in text and "ครั้งที่ 3" in text

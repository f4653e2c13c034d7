"""Helpers shared by tests: issuing a draft whose checks find errors, with reasons given."""

from __future__ import annotations

from datetime import date
from typing import Any

from msoc.apps.reports.actions import do_issue_report
from msoc.apps.reports.build import build_daily_report
from msoc.apps.reports.checks import check_report, finding_key
from msoc.apps.reports.models import Report


def override_all(day: date) -> dict[str, str]:
    """A reason for every error the checks find in the draft of a date."""
    draft = Report.objects.get(date=day, status=Report.Status.DRAFT)
    findings = check_report(build_daily_report(day, draft))
    return {finding_key(f): "ทดสอบ: ยืนยันออก" for f in findings if f.severity == "error"}


def override_form(day: date) -> dict[str, str]:
    """The builder's issue-form fields that override every error of the draft of a date."""
    data = {}
    for n, (key, reason) in enumerate(override_all(day).items(), start=1):
        data[f"override_key_{n}"], data[f"override_reason_{n}"] = key, reason
    return data


def issue_overriding(day: date, **kwargs: Any) -> Report:
    """Issue the draft of a date, overriding whatever errors its checks find."""
    return do_issue_report(day, overrides=override_all(day), **kwargs)

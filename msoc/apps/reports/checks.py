"""The checks a report must pass before it is issued, and the editors' overrides of them."""

from __future__ import annotations

from collections.abc import Mapping

from msoc.report.lint import Finding, lint
from msoc.report.model import DailyReport


def finding_key(finding: Finding) -> str:
    """A stable key of a finding, for overriding it with a reason."""
    return f"{finding.rule}|{finding.section}|{finding.location}"


def check_report(daily: DailyReport) -> list[Finding]:
    """Every finding of the report's checks, errors first (with the checks against history)."""
    from msoc.apps.reports.history import figures_for, rule_from_settings

    rule = rule_from_settings()
    return lint(daily, history=figures_for(daily, rule), history_rule=rule)


def blocking(findings: list[Finding], overrides: Mapping[str, str]) -> list[Finding]:
    """The errors that still stop issuing: those without an override that gives a reason."""
    return [
        f
        for f in findings
        if f.severity == "error" and not (overrides.get(finding_key(f)) or "").strip()
    ]

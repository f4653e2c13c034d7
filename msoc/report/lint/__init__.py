"""Checks before issuing: every error a careful reviewer would find in a daily report.

`lint(report)` runs rules of seven classes (arithmetic, format, order, duplicate, names, text,
freshness) over a `DailyReport`, built by msoc or imported; a past report's importer notes
(`import_issues`) add the defects the parsed report no longer shows (malformed DTGs …).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from msoc.report.importer.findings import ImportIssue
from msoc.report.lint import (
    arithmetic,
    duplicates,
    formats,
    freshness,
    history,
    imported,
    names,
    order,
    text,
)
from msoc.report.lint.finding import CATEGORIES, Finding
from msoc.report.lint.finding import Context as _Context
from msoc.report.lint.history import Figure, HistoryRule
from msoc.report.model import DailyReport

_CLASSES = (arithmetic, formats, imported, order, duplicates, names, text, freshness, history)


def lint(
    report: DailyReport,
    *,
    import_issues: Sequence[ImportIssue] = (),
    sources: Collection[str] | None = None,
    history: Sequence[Figure] = (),
    history_rule: HistoryRule | None = None,
) -> list[Finding]:
    """All findings on a report, errors first, then in report order within each class.

    `history` (figures with their past values) adds the checks against history.
    """
    ctx = _Context(report, import_issues, sources, history, history_rule)
    findings: list[Finding] = []
    seen: set[tuple[str, str, str, str]] = set()
    for module in _CLASSES:
        for finding in module.check(ctx):
            key = (finding.rule, finding.section, finding.location, finding.found)
            if key not in seen:
                seen.add(key)
                findings.append(finding)
    return sorted(findings, key=lambda f: f.severity != "error")


def has_errors(findings: Sequence[Finding]) -> bool:
    """Whether any finding blocks issuing."""
    return any(f.severity == "error" for f in findings)


def evaluate_lint(corpus_dir: str | None = None) -> dict[str, object]:
    """Precision and recall per rule class over a corpus of clean and defective reports."""
    from msoc.report.lint.corpus import evaluate

    return evaluate(corpus_dir)


__all__ = ["CATEGORIES", "Finding", "evaluate_lint", "has_errors", "lint"]

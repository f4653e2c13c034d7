"""Report services used by commands, pages and the API alike."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from msoc.apps.accounts.audit import Actor
from msoc.apps.reports.actions import ImportOutcome, do_import_report, file_hash
from msoc.report.importer import ImportIssue, parse_report_bytes


def import_report_file(
    path: Path, *, actor: Actor = None
) -> tuple[ImportOutcome, list[ImportIssue]]:
    """Read a past report (text or DOCX) and store it; the same file twice changes nothing."""
    data = path.read_bytes()
    result = parse_report_bytes(data, str(path))
    issues = [dataclasses.asdict(i) for i in result.issues]
    outcome = do_import_report(
        result.report, content_hash=file_hash(data), path=str(path), issues=issues, actor=actor
    )
    return outcome, result.issues

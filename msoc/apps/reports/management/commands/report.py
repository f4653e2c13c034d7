"""`msoc report import|render|build|issue|correct` — thin wrappers over the reports services."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

FORMATS = ("html", "docx", "pdf", "json")


def parse_day(text: str) -> date:
    """A report date given as ISO (2023-05-03) or in Thai (๓ พ.ค. ๖๖)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        from msoc.thai import ThaiFormatError, parse_thai_date

        try:
            return parse_thai_date(text).value
        except ThaiFormatError as exc:
            raise CommandError(f"วันที่ไม่ถูกต้อง: {text!r} (ใช้ YYYY-MM-DD)") from exc


class Command(BaseCommand):
    help = "Daily reports: import past reports, render, issue and correct."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import a past report (text or DOCX)")
        imp.add_argument("paths", nargs="+")
        ren = sub.add_parser("render", help="render the report of a date")
        ren.add_argument("date")
        ren.add_argument("--format", choices=FORMATS, default="pdf")
        ren.add_argument("--output", required=True, help="file to write ('-' for standard output)")
        iss = sub.add_parser(
            "issue", help="issue the draft of a date (allocates the document number)"
        )
        iss.add_argument("date")
        cor = sub.add_parser(
            "correct", help="open a correcting draft that supersedes an issued report"
        )
        cor.add_argument("date")

    def handle(self, *args: Any, **opts: Any) -> None:
        getattr(self, f"handle_{opts['action']}")(**opts)

    def handle_import(self, paths: list[str], **_: Any) -> None:
        from msoc.apps.reports.services import import_report_file
        from msoc.report.importer import ReportImportError

        failed = 0
        for path in paths:
            try:
                outcome, issues = import_report_file(Path(path))
            except (ReportImportError, OSError) as exc:
                failed += 1
                self.stderr.write(f"{path}: {exc}")
                continue
            self.stdout.write(
                f"{path}: {outcome.message} — รายงานวันที่ {outcome.report.date.isoformat()}, "
                f"ข่าว {outcome.report.rows.count()} รายการ"
            )
            for issue in issues:
                self.stdout.write(
                    f"  บรรทัด {issue.line}: [{issue.severity}] {issue.part}: {issue.message}"
                )
        if failed:
            raise CommandError(f"นำเข้าไม่สำเร็จ {failed} ไฟล์")

    def handle_render(self, date: str, format: str, output: str, **_: Any) -> None:
        from msoc.apps.reports.build import ReportNotFound, report_for_date
        from msoc.report.render import render

        try:
            daily = report_for_date(parse_day(date))
        except ReportNotFound as exc:
            raise CommandError(str(exc)) from exc
        data = render(daily, format)  # type: ignore[arg-type]
        if output == "-":
            sys.stdout.buffer.write(data)
            return
        target = Path(output)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.stdout.write(f"{target} ({len(data):,} bytes)")

    def handle_issue(self, date: str, **_: Any) -> None:
        from msoc.apps.reports.actions import ReportActionError, do_issue_report

        try:
            report = do_issue_report(parse_day(date))
        except ReportActionError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"ออกรายงาน ที่ {report.agency_code} /ว {report.document_number}: {report.pdf_path}"
        )

    def handle_correct(self, date: str, **_: Any) -> None:
        from msoc.apps.reports.actions import ReportActionError, do_start_correction

        try:
            draft = do_start_correction(parse_day(date))
        except ReportActionError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"เปิดร่างฉบับแก้ไข #{draft.pk} แทนที่รายงาน #{draft.supersedes_id}")

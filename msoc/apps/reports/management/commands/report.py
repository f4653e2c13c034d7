"""`msoc report import|render|issue|correct|send|lint|verify` — thin wrappers over the reports services."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from msoc.commands import parse_day
from msoc.progress import each
from msoc.thai import to_arabic_digits

FORMATS = ("html", "docx", "pdf", "json")


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
        iss.add_argument(
            "--override",
            action="append",
            default=[],
            metavar="KEY=REASON",
            help="issue despite the error KEY (as `msoc report lint` prints it) for REASON",
        )
        iss.add_argument(
            "--no-wait",
            dest="wait",
            action="store_false",
            help="leave the DOCX/PDF job to msoc serve or msoc worker instead of running it now",
        )
        cor = sub.add_parser(
            "correct", help="open a correcting draft that supersedes an issued report"
        )
        cor.add_argument("date")
        snd = sub.add_parser("send", help="e-mail the issued report of a date (once per address)")
        snd.add_argument("date")
        snd.add_argument(
            "--to", nargs="+", metavar="ADDR", help="(re-)send to these addresses only"
        )
        lin = sub.add_parser("lint", help="check a report before issuing (exit 1 on errors)")
        lin.add_argument("date", nargs="?", help="the report of this date (YYYY-MM-DD)")
        lin.add_argument("--file", help="a past report's text or DOCX, read by the importer")
        lin.add_argument("--json", action="store_true", help="machine-readable findings")
        ver = sub.add_parser(
            "verify",
            help="prove the archived PDF/A and DOCX of an issued report are the ones issued",
        )
        ver.add_argument("number", help="the document number (ว ๔๗๕๐: 4750 or ๔๗๕๐)")
        ver.add_argument("--agency", help="the agency code, where several share the number")

    def handle(self, *args: Any, **opts: Any) -> None:
        getattr(self, f"handle_{opts['action']}")(**opts)

    def handle_import(self, paths: list[str], **_: Any) -> None:
        from msoc.apps.reports.services import import_report_file
        from msoc.report.importer import ReportImportError

        failed = 0
        for path in each(paths, "report import", unit="ไฟล์"):
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

    def handle_issue(self, date: str, override: list[str], wait: bool = True, **_: Any) -> None:
        from msoc import jobs
        from msoc.apps.alerts.actions.issuing import do_issue_and_queue
        from msoc.apps.reports.actions import ReportActionError, ReportBlocked
        from msoc.apps.reports.checks import finding_key
        from msoc.thai import to_thai_digits

        overrides = dict(item.split("=", 1) for item in override if "=" in item)
        try:
            done = do_issue_and_queue(parse_day(date), overrides=overrides)
        except ReportBlocked as exc:
            for finding in exc.findings:
                self.stderr.write(
                    f"{finding.line()}\n    --override '{finding_key(finding)}=<เหตุผล>'"
                )
            raise CommandError(
                f"ออกรายงานไม่ได้: ข้อผิดพลาด {len(exc.findings)} รายการยังไม่ได้แก้"
            ) from exc
        except ReportActionError as exc:
            raise CommandError(str(exc)) from exc
        report = done.report
        number = to_thai_digits(str(report.document_number))
        self.stdout.write(f"ออกรายงาน ที่ {report.agency_code} /ว {number}")
        self.stdout.write(
            f"เข้าคิวส่งอีเมล {done.queued} ราย (ส่งเมื่อสร้าง PDF แล้ว โดย msoc serve หรือ msoc worker)"
        )
        if not wait:
            self.stdout.write("สร้างไฟล์ DOCX และ PDF เป็นงานเบื้องหลัง (ดูด้วย msoc jobs)")
            return
        jobs.run_job(done.render_job)  # here and now, unless a worker took it first
        report.refresh_from_db()
        if report.pdf_path:
            self.stdout.write(f"ไฟล์ในคลังเอกสาร: {report.docx_path} {report.pdf_path}")
        else:
            self.stderr.write("ยังสร้างไฟล์ไม่เสร็จหรือไม่สำเร็จ (ดู msoc jobs --failed)")

    def handle_correct(self, date: str, **_: Any) -> None:
        from msoc.apps.reports.actions import ReportActionError, do_start_correction

        try:
            draft = do_start_correction(parse_day(date))
        except ReportActionError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"เปิดร่างฉบับแก้ไข #{draft.pk} แทนที่รายงาน #{draft.supersedes_id}")

    def handle_lint(self, date: str | None, file: str | None, json: bool, **_: Any) -> None:
        import json as json_module

        from msoc.report.lint import has_errors, lint

        if (date is None) == (file is None):
            raise CommandError("ระบุวันที่ หรือ --file PATH อย่างใดอย่างหนึ่ง")
        if file is not None:
            from msoc.report.importer import ReportImportError, parse_report_file

            try:
                result = parse_report_file(file)
            except ReportImportError as exc:
                raise CommandError(str(exc)) from exc
            findings = lint(result.report, import_issues=result.issues)
        else:
            from msoc.apps.reports.build import ReportNotFound, report_for_date

            try:
                findings = lint(report_for_date(parse_day(date or "")))
            except ReportNotFound as exc:
                raise CommandError(str(exc)) from exc
        if json:
            data = [f.to_dict() for f in findings]
            self.stdout.write(json_module.dumps(data, ensure_ascii=False, indent=2))
        else:
            for finding in findings:
                self.stdout.write(finding.line())
            errors = sum(f.severity == "error" for f in findings)
            self.stdout.write(
                f"พบ {len(findings)} รายการ: ผิดพลาด {errors} เตือน {len(findings) - errors}"
            )
        if has_errors(findings):
            sys.exit(1)

    def handle_send(self, date: str, to: list[str] | None = None, **_: Any) -> None:
        from msoc.apps.alerts.actions import AlertsActionError, do_queue_deliveries
        from msoc.apps.alerts.deliveries import run_deliveries
        from msoc.apps.reports.build import current_report

        report = current_report(parse_day(date))
        if report is None or not report.is_frozen:
            raise CommandError(f"วันที่ {date} ยังไม่มีรายงานที่ออกแล้ว")
        try:
            queued = do_queue_deliveries(report, addresses=to, resend=bool(to))
        except AlertsActionError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"เข้าคิว {queued.created} ราย ส่งซ้ำ {queued.requeued} ราย "
            f"ส่งแล้วก่อนหน้า {queued.skipped} ราย"
        )
        result = run_deliveries(report=report, limit=1000)
        if result.disabled:
            raise CommandError("ยังไม่ได้ตั้งค่าเซิร์ฟเวอร์อีเมล (MSOC_SMTP_HOST) อีเมลยังอยู่ในคิว")
        for pk, reason in result.failed:
            self.stderr.write(f"การส่ง #{pk} ไม่สำเร็จ: {reason}")
        self.stdout.write(f"ส่งแล้ว {len(result.sent)} ฉบับ ไม่สำเร็จ {len(result.failed)} ฉบับ")
        if result.failed:
            raise CommandError(f"ส่งไม่สำเร็จ {len(result.failed)} ฉบับ (ดูเหตุผลด้านบน)")

    def handle_verify(self, number: str, agency: str | None = None, **_: Any) -> None:
        from msoc.apps.reports.archive import issued_reports, report_title, verify_issued

        digits = number.strip().removeprefix("ว").strip()
        digits = to_arabic_digits(digits)
        if not digits.isdecimal():
            raise CommandError(f"เลขที่หนังสือไม่ถูกต้อง: {number!r} (เช่น 4750 หรือ ๔๗๕๐)")
        reports = issued_reports(int(digits), agency)
        if not reports:
            raise CommandError(f"ไม่พบรายงานที่ออกแล้วเลขที่ {number}")
        failed = 0
        for report in reports:
            self.stdout.write(f"รายงาน {report_title(report)}")
            for check in verify_issued(report):
                self.stdout.write(f"  {'ผ่าน' if check.ok else 'ไม่ผ่าน'}: {check.message()}")
                failed += not check.ok
        if failed:
            raise CommandError(f"ไฟล์ในคลังเอกสาร {failed} ไฟล์ไม่ใช่ไฟล์ที่ออก (ดูรายละเอียดข้างบน)")
        self.stdout.write("ไฟล์ทุกไฟล์ในคลังเอกสารตรงกับฉบับที่ออก")

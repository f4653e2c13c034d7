"""Every write of the reports domain: one transaction each, with its audit event.

This module: importing, issuing, archiving and correcting reports; `rows` the builder's rows and
key headlines; `budget` the ๕.๒ programme tables."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from msoc.apps.accounts.audit import Actor, acting_user, record, snapshot
from msoc.apps.hotline.models import DayTotals
from msoc.apps.reports.build import build_daily_report, current_report
from msoc.apps.reports.checks import blocking, check_report, finding_key
from msoc.apps.reports.models import DocumentNumberSequence, NewsRow, Report, StandingBlock
from msoc.apps.units.models import Activity, Unit
from msoc.report import model as m
from msoc.report.lint import Finding


class ReportActionError(Exception):
    """A report action that cannot be carried out, with the reason in Thai."""


class ReportBlocked(ReportActionError):
    """Issuing refused: the report's checks found errors that no editor has overridden."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        lines = "; ".join(f.line() for f in findings[:5])
        more = f" และอีก {len(findings) - 5} รายการ" if len(findings) > 5 else ""
        super().__init__(f"ออกรายงานไม่ได้: พบข้อผิดพลาด {len(findings)} รายการ: {lines}{more}")


@dataclass
class ImportOutcome:
    """What an import did: the stored report and whether anything changed."""

    report: Report
    changed: bool
    message: str


def file_hash(data: bytes) -> str:
    """SHA-256 of a file's bytes (imports: idempotent re-imports; the archive: what was issued)."""
    return hashlib.sha256(data).hexdigest()


@transaction.atomic
def do_import_report(
    daily: m.DailyReport,
    *,
    content_hash: str,
    path: str,
    issues: list[dict[str, Any]],
    actor: Actor = None,
) -> ImportOutcome:
    """Store an imported past report and its rows, activities, hotline figures and standing content."""
    day = daily.header.date
    existing = Report.objects.filter(date=day, status=Report.Status.IMPORTED).first()
    if existing is not None and existing.import_hash == content_hash:
        return ImportOutcome(existing, False, "นำเข้าแล้วก่อนหน้านี้ ไม่มีการเปลี่ยนแปลง")
    if Report.objects.filter(date=day, status=Report.Status.ISSUED).exists():
        raise ReportActionError(f"วันที่ {day} มีรายงานที่ออกโดย msoc แล้ว จึงนำเข้าฉบับเดิมทับไม่ได้")
    before = _summary(existing) if existing else None
    report = existing or Report(date=day, status=Report.Status.IMPORTED)
    _fill_header(report, daily)
    report.content = daily.to_dict()
    report.import_path, report.import_hash, report.import_issues = path, content_hash, issues
    report.issued_at = report.issued_at or timezone.now()
    report.save()
    _replace_rows(report, daily.news)
    _index(report)
    _store_hotline(day, daily.hotline, origin=f"import:{report.pk}")
    _replace_activities(day, daily.units, origin=f"import:{report.pk}")
    for block in daily.standing:
        _store_standing(block, valid_from=day, actor=actor)
    if daily.header.document_number:
        _bump_sequence(report.agency_code, daily.header.document_number)
    record(
        actor,
        "report.import",
        "reports.Report",
        report.pk,
        before=before,
        after=_summary(report),
        path=path,
    )
    return ImportOutcome(report, True, "นำเข้าเรียบร้อย" if existing is None else "ปรับปรุงจากไฟล์ใหม่")


def _fill_header(report: Report, daily: m.DailyReport) -> None:
    h = daily.header
    report.urgency, report.subject, report.addressees = h.urgency, h.subject, list(h.addressees)
    report.agency_code, report.document_number = h.agency_code, h.document_number
    report.situation, report.disaster = (
        m.part_to_dict(daily.situation),
        m.part_to_dict(daily.disaster),
    )
    report.key_headlines = list(daily.key_headlines)


def _summary(report: Report) -> dict[str, Any]:
    return snapshot(report, ("date", "status", "document_number"), rows=report.rows.count())


def _replace_rows(report: Report, rows: list[m.NewsRow]) -> None:
    report.rows.all().delete()
    positions = {section: 0 for section in m.SECTIONS}
    stored = []
    for row in rows:
        positions[row.section] += 1
        stored.append(
            NewsRow(
                report=report,
                section=row.section,
                position=positions[row.section],
                published_at=row.published_at,
                source=row.source,
                place=row.place,
                summary=row.summary,
                story=row.story or "",
                item_id_ref=row.item_id,
            )
        )
    NewsRow.objects.bulk_create(stored)


def _store_hotline(day: date, hotline: m.Hotline | None, *, origin: str) -> None:
    if hotline is None:
        return
    data = m.part_to_dict(hotline)  # DayTotals keeps the JSON forms (ISO dates inside)
    DayTotals.objects.update_or_create(date=day, defaults={**data, "origin": origin})


def _replace_activities(day: date, units: list[m.UnitActivities], *, origin: str) -> None:
    Activity.objects.filter(date=day, origin=origin).delete()
    for unit_data in units:
        unit, _ = Unit.objects.get_or_create(
            code=unit_data.code, defaults={"name": unit_data.name, "order": 100}
        )
        for position, act in enumerate(unit_data.activities, start=1):
            Activity.objects.create(
                unit=unit,
                date=day,
                position=position,
                paragraphs=list(act.paragraphs),
                origin=origin,
            )


def _store_standing(block: m.StandingBlock, *, valid_from: date, actor: Actor) -> StandingBlock:
    lines = [dataclasses.asdict(line) for line in block.lines]
    latest = StandingBlock.objects.filter(key=block.key).order_by("-version").first()
    if latest is not None and latest.lines == lines and latest.title == block.title:
        return latest
    version = (latest.version + 1) if latest else 1
    return StandingBlock.objects.create(
        key=block.key,
        version=version,
        title=block.title,
        lines=lines,
        valid_from=valid_from,
        created_by=acting_user(actor),
    )


@transaction.atomic
def do_save_standing_block(
    block: m.StandingBlock, *, valid_from: date, actor: Actor
) -> StandingBlock:
    """Store a new version of a standing block (unchanged content keeps the current version)."""
    before = StandingBlock.objects.filter(key=block.key).order_by("-version").first()
    stored = _store_standing(block, valid_from=valid_from, actor=actor)
    if before is None or stored.pk != before.pk:
        record(
            actor,
            "standing.save",
            "reports.StandingBlock",
            stored.pk,
            before={"version": before.version, "lines": before.lines} if before else None,
            after={"version": stored.version, "lines": stored.lines},
        )
    return stored


def _bump_sequence(agency_code: str, number: int) -> None:
    seq, _ = DocumentNumberSequence.objects.select_for_update().get_or_create(
        agency_code=agency_code
    )
    if number > seq.last_number:
        seq.last_number = number
        seq.save(update_fields=["last_number"])


def allocate_document_number(agency_code: str) -> int:
    """The next circular number of an agency code, under a row lock (call inside a transaction)."""
    DocumentNumberSequence.objects.get_or_create(agency_code=agency_code)
    seq = DocumentNumberSequence.objects.select_for_update().get(agency_code=agency_code)
    seq.last_number += 1
    seq.save(update_fields=["last_number"])
    return seq.last_number


@transaction.atomic
def do_get_or_create_draft(day: date, *, actor: Actor = None) -> Report:
    """The draft report of a date, created empty (with the configured header) if missing."""
    draft = Report.objects.select_for_update().filter(date=day, status=Report.Status.DRAFT).first()
    if draft is not None:
        return draft
    draft = Report.objects.create(
        date=day, agency_code=settings.MSOC_AGENCY_CODE, addressees=list(settings.MSOC_ADDRESSEES)
    )
    record(actor, "report.draft", "reports.Report", draft.pk, after=_summary(draft))
    return draft


@transaction.atomic
def do_issue_report(
    day: date,
    *,
    actor: Actor = None,
    render: bool = True,
    overrides: Mapping[str, str] | None = None,
    check: bool = True,
) -> Report:
    """Issue the draft of a date: allocate the next number, freeze content, archive DOCX and PDF.

    The report's checks run first; an error stops issuing unless `overrides` maps its key
    (`checks.finding_key`) to a reason, which goes into the audit log.
    """
    draft = Report.objects.select_for_update().filter(date=day, status=Report.Status.DRAFT).first()
    if draft is None:
        raise ReportActionError(f"ไม่มีร่างรายงานของวันที่ {day} ให้ออก")
    current = (
        Report.objects.select_for_update()
        .filter(date=day, status__in=[Report.Status.ISSUED, Report.Status.IMPORTED])
        .first()
    )
    if current is not None and draft.supersedes_id != current.pk:
        raise ReportActionError(f"วันที่ {day} มีรายงานฉบับที่ออกแล้ว ต้องออกฉบับแก้ไขแทนที่เท่านั้น")
    daily = build_daily_report(day, draft)
    overridden = _check_before_issue(daily, overrides or {}) if check else {}
    draft.document_number = allocate_document_number(draft.agency_code)
    daily.header.document_number = draft.document_number
    if current is not None:
        current.status = Report.Status.SUPERSEDED
        current.save(update_fields=["status", "updated_at"])
    draft.content = daily.to_dict()
    draft.status, draft.issued_at = Report.Status.ISSUED, timezone.now()
    draft.issued_by = acting_user(actor)
    draft.save()
    archived = _archive_documents(draft, daily) if render else {}
    _index(draft)
    record(
        actor,
        "report.issue",
        "reports.Report",
        draft.pk,
        after=_summary(draft),
        supersedes=current.pk if current else None,
        overridden=overridden,
        archived=archived,
    )
    return draft


def do_archive_report(pk: int, *, actor: Actor = None) -> dict[str, str]:
    """Render a frozen report's DOCX and PDF into the archive (the render job); once only.

    Rendering takes seconds, so it happens before the transaction that stores the files.
    """
    report = Report.objects.get(pk=pk)
    if not report.is_frozen or not report.content:
        raise ReportActionError(f"รายงาน #{pk} ยังไม่ได้ออก จึงสร้างไฟล์ไม่ได้")
    if _archived(report):
        return {}
    documents = _render_documents(m.DailyReport.from_dict(report.content))
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=pk)
        if _archived(report):  # another worker stored them meanwhile
            return {}
        hashes = _store_documents(report, documents)
        record(actor, "report.archive", "reports.Report", pk, archived=hashes)
    return hashes


def _archived(report: Report) -> bool:
    return all(
        getattr(report, f"{fmt}_path") and Path(getattr(report, f"{fmt}_path")).is_file()
        for fmt in ("docx", "pdf")
    )


def _index(report: Report) -> None:
    """Make a frozen report's rows searchable now, in the transaction that froze them."""
    from msoc.apps.search.engine import index_report

    index_report(report)


def _check_before_issue(daily: m.DailyReport, overrides: Mapping[str, str]) -> dict[str, str]:
    """Raise ReportBlocked on errors without a reason; return the overrides that were used."""
    findings = check_report(daily)
    stopping = blocking(findings, overrides)
    if stopping:
        raise ReportBlocked(stopping)
    used = {finding_key(f) for f in findings if f.severity == "error"}
    return {key: reason.strip() for key, reason in overrides.items() if key in used}


def _archive_documents(report: Report, daily: m.DailyReport) -> dict[str, str]:
    """Write the DOCX and the PDF/A into the archive; record each file's SHA-256 as issued."""
    return _store_documents(report, _render_documents(daily))


def _render_documents(daily: m.DailyReport) -> dict[str, bytes]:
    """The DOCX and the PDF/A of a report."""
    from msoc.report.render import render

    return {fmt: render(daily, fmt) for fmt in ("docx", "pdf")}  # type: ignore[arg-type]


def _store_documents(report: Report, documents: dict[str, bytes]) -> dict[str, str]:
    """Write rendered files into the archive and their paths and SHA-256 onto the report."""
    folder = Path(settings.ARCHIVE_DIR) / report.date.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"msoc-{report.date.isoformat()}-{report.document_number}"
    hashes: dict[str, str] = {}
    for fmt, data in documents.items():
        target = folder / f"{stem}.{fmt}"
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(data)
        partial.replace(target)  # never a half-written file under the archived name
        hashes[f"{fmt}_sha256"] = file_hash(data)
        setattr(report, f"{fmt}_path", str(target))
        setattr(report, f"{fmt}_sha256", hashes[f"{fmt}_sha256"])
    report.save(update_fields=["docx_path", "pdf_path", "docx_sha256", "pdf_sha256"])
    return hashes


@transaction.atomic
def do_start_correction(day: date, *, actor: Actor = None) -> Report:
    """Open a draft that will supersede the current report of a date, copied from its content.

    A draft the date already has (e.g. situation figures computed from data) becomes the
    correction: what it holds is kept, and what it lacks is taken from the issued content.
    """
    current = current_report(day)
    if current is None or not current.is_frozen:
        raise ReportActionError(f"วันที่ {day} ยังไม่มีรายงานที่ออกแล้ว")
    draft = Report.objects.select_for_update().filter(date=day, status=Report.Status.DRAFT).first()
    if draft is not None and draft.supersedes_id is not None:
        raise ReportActionError(f"วันที่ {day} มีร่างฉบับแก้ไขอยู่แล้ว")
    daily = m.DailyReport.from_dict(current.content or {})
    kept = {"situation": draft.situation, "disaster": draft.disaster} if draft else {}
    draft = draft or Report(date=day)
    draft.supersedes, draft.agency_code = current, current.agency_code
    _fill_header(draft, daily)
    draft.situation = kept.get("situation") or draft.situation
    draft.disaster = kept.get("disaster") or draft.disaster
    draft.document_number = None
    draft.save()
    if not draft.rows.exists():
        _replace_rows(draft, daily.news)
    record(actor, "report.correct", "reports.Report", draft.pk, supersedes=current.pk)
    return draft

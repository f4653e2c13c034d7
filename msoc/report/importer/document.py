"""The importer's entry point for the text form: outline, then one reader per part."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from msoc.report.importer.disaster import parse_disaster
from msoc.report.importer.findings import Findings, ImportResult, ReportImportError, SourceLine
from msoc.report.importer.header import parse_header
from msoc.report.importer.hotline import parse_hotline
from msoc.report.importer.news import parse_news_tables
from msoc.report.importer.outline import (
    SUB_TITLES,
    TOP_TITLES,
    Part,
    check_title,
    label_of,
    outline,
    split_lines,
)
from msoc.report.importer.situation import parse_asean, parse_general
from msoc.report.importer.standing import parse_key_headlines, parse_standing
from msoc.report.importer.units import parse_units
from msoc.report.model import SECTION_TITLES, SECTIONS, DailyReport, StandingBlock

Key = tuple[int, ...]
# The parts every report has, in order, with the title used when naming a missing one.
EXPECTED: tuple[tuple[Key, str], ...] = (
    ((1, 1), SUB_TITLES[(1, 1)]),
    ((1, 2), SUB_TITLES[(1, 2)]),
    *(((1, 3, i + 1), SECTION_TITLES[s]) for i, s in enumerate(SECTIONS)),
    ((1, 4), SUB_TITLES[(1, 4)]),
    ((1, 5), SUB_TITLES[(1, 5)]),
    ((2, 1), "หน่วยงาน (อย่างน้อยหนึ่งหน่วย)"),
    ((3,), TOP_TITLES[3]),
    ((4,), TOP_TITLES[4]),
    ((5, 1), SUB_TITLES[(5, 1)]),
    ((5, 2), SUB_TITLES[(5, 2)]),
)


def parse_report_text(text: str, path: str | None = None) -> ImportResult:
    """Import a report from its text form; raises ReportImportError only when it is no report."""
    try:
        return parse_text(text, path)
    except ReportImportError:
        raise
    except Exception as exc:  # a bug must not escape as anything but the documented error
        raise ReportImportError(path, 0, f"ข้อผิดพลาดภายในตัวนำเข้า: {exc!r}") from exc


def parse_text(text: str, path: str | None = None) -> ImportResult:
    """`parse_report_text` without its safety net (tests call this to see real failures)."""
    findings = Findings(path)
    if not text.strip():
        raise findings.fail(1, "ไฟล์ว่าง ไม่มีข้อความของรายงาน")
    lines = split_lines(text)
    parts = outline(lines, findings)
    first_heading = parts[1].heading if len(parts) > 1 else None
    header = parse_header(parts[0], first_heading, findings)
    if len(parts) == 1 and "รายงาน" not in header.subject:
        raise findings.fail(
            parts[0].lines[-1] if parts[0].lines else 1,
            "ไม่ใช่รายงานประจำวัน: ไม่พบหัวข้อ '๑. สถานการณ์' หรือหัวข้ออื่นของรายงาน",
        )
    report = DailyReport(header=header)
    by_key: dict[Key, list[Part]] = defaultdict(list)
    for part in parts[1:]:
        by_key[part.key].append(part)
    _read_parts(report, by_key, findings)
    _check_missing(by_key, parts, len(lines), findings)
    _sweep(lines, findings)
    times = [row.published_at for row in report.news]
    report.period_start = min(times, default=None)
    report.period_end = max(times, default=None)
    findings.issues.sort(key=lambda issue: issue.line)
    return ImportResult(report=report, issues=findings.issues, path=path)


def _read_parts(report: DailyReport, by_key: dict[Key, list[Part]], findings: Findings) -> None:
    """Hand each part to its reader; parts the report form does not have are reported."""
    day = report.date
    readers: dict[Key, Callable[[Part], None]] = {
        (1, 1): lambda p: report.situation.general.extend(parse_general(p, findings)),
        (1, 2): lambda p: parse_asean(p, day, findings, report.situation),
        (1, 4): lambda p: setattr(report, "disaster", parse_disaster(p, findings)),
        (1, 5): lambda p: setattr(report, "hotline", parse_hotline(p, day, findings)),
        (5, 1): lambda p: report.key_headlines.extend(parse_key_headlines(p, findings)),
    }
    tables = [p for key, ps in by_key.items() if key[:2] == (1, 3) and len(key) == 3 for p in ps]
    report.news = parse_news_tables(tables, day, findings)
    units = [p for key, ps in by_key.items() if key[0] == 2 and len(key) == 2 for p in ps]
    if units:
        report.units = parse_units(units, findings)
    report.standing = _standing(by_key, findings)
    for key, parts in by_key.items():
        for part in parts:
            if key in readers:
                readers[key](part)
                if len(parts) > 1:
                    findings.repaired(
                        part.heading or 0, part.label, f"หัวข้อ {part.label} ซ้ำ รวมเนื้อหาเข้าด้วยกัน"
                    )
            elif key in ((1,), (2,), (5,), (1, 3)) or (
                key[0] == 1 and len(key) == 2 and key[1] > 5
            ):
                _unexpected(part, findings)
            expected = (
                TOP_TITLES.get(key[0])
                if len(key) == 1
                else SUB_TITLES.get(key[:2])
                if len(key) == 2
                else None
            )
            if expected:
                check_title(part, expected, findings)


def _standing(by_key: dict[Key, list[Part]], findings: Findings) -> list[StandingBlock]:
    """Sections ๓, ๔ and ๕.๒ (with any stray ๕.๓ … after ๕.๒) as standing blocks."""
    blocks = []
    for number, name in ((3, "section3"), (4, "section4")):
        if (number,) in by_key:
            blocks.append(parse_standing(name, (number,), by_key[(number,)], findings))
    fifth = [p for k, ps in by_key.items() if k[0] == 5 and len(k) == 2 and k[1] >= 2 for p in ps]
    if fifth:
        fifth.sort(key=lambda p: p.key != (5, 2))  # ๕.๒ first
        blocks.append(parse_standing("section5_2", (5, 2), fifth, findings))
    return blocks


def _unexpected(part: Part, findings: Findings) -> None:
    """Body text the report form has no place for (under a section heading, or an extra part)."""
    for ln in part.lines:
        findings.unreadable(
            ln, part.label, f"ข้อความใต้หัวข้อ {part.label} ไม่อยู่ในแบบรายงาน จึงไม่ได้นำเข้า: {ln.text!r}"
        )


def _check_missing(
    by_key: dict[Key, list[Part]], parts: list[Part], last_line: int, findings: Findings
) -> None:
    """Name every expected part the input lacks (a truncated file lacks all that follow)."""
    present = set(by_key)
    for key, title in EXPECTED:
        is_unit = key == (2, 1)
        if any(k[0] == 2 and len(k) == 2 for k in present) if is_unit else key in present:
            continue
        after = [p for p in parts[1:] if p.key > key and p.heading is not None]
        line = after[0].heading.number if after and after[0].heading else last_line
        findings.unreadable(line, label_of(key), f"ไม่พบส่วน {label_of(key)} {title}")


def _sweep(lines: list[SourceLine], findings: Findings) -> None:
    """The guarantee: every non-blank line was used or reported."""
    for ln in lines:
        if ln.text and ln.number not in findings.used and ln.number not in findings.reported:
            findings.unreadable(ln, "?", f"บรรทัดนี้ไม่ได้นำเข้า: {ln.text!r}")

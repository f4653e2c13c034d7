"""Section ๑.๓: the four news tables (tab-separated rows, header row first)."""

from __future__ import annotations

from datetime import date

from msoc.report.importer.findings import Findings, SourceLine, close_to
from msoc.report.importer.outline import EMPTY_MARK, Part
from msoc.report.model import SECTION_TITLES, SECTIONS, NewsRow, Section
from msoc.thai import ThaiFormatError, normalize_text, parse_dtg, to_thai_digits

HEADER_CELLS = ("วัน เวลา", "ที่มา", "สถานที่", "สรุปข่าว")


def parse_news_tables(parts: list[Part], report_date: date, findings: Findings) -> list[NewsRow]:
    """All rows of the ๑.๓.x tables in document order."""
    rows: list[NewsRow] = []
    for part in parts:
        section = _section_of(part, findings)
        if section is None:
            for ln in part.lines:
                findings.unreadable(
                    ln, part.label, f"ตาราง {part.label} ไม่ใช่ตารางข่าวที่รู้จัก: {ln.text!r}"
                )
            continue
        rows.extend(_rows(part, section, report_date, findings))
    return rows


def _section_of(part: Part, findings: Findings) -> Section | None:
    """The table's section: by its title when that is a known one, else by its number."""
    by_title = next((s for s in SECTIONS if close_to(part.title, SECTION_TITLES[s])), None)
    number = part.key[-1]
    by_number = SECTIONS[number - 1] if 1 <= number <= len(SECTIONS) else None
    if by_title is not None and by_number is not None and by_title != by_number:
        findings.repaired(
            part.heading or 0,
            part.label,
            f"หัวข้อ {part.label} ชื่อ {part.title!r} ตรงกับตาราง {SECTION_TITLES[by_title]!r} จึงจัดไว้ที่นั่น",
        )
    elif by_title is None and by_number is not None and part.heading is not None:
        findings.repaired(
            part.heading,
            part.label,
            f"หัวข้อ {part.label} ชื่อ {part.title!r} ไม่ตรงกับ {SECTION_TITLES[by_number]!r} จัดตามเลขหัวข้อ",
        )
    return by_title or by_number


def _rows(part: Part, section: Section, report_date: date, findings: Findings) -> list[NewsRow]:
    rows: list[NewsRow] = []
    seen_header = False
    index = 0
    for ln in part.lines:
        cells = [normalize_text(c) for c in ln.raw.split("\t")]
        while len(cells) > 4 and not cells[-1]:
            cells.pop()
        if _is_header(cells):  # also a header row repeated on a new page
            seen_header = True
            findings.use(ln)
            continue
        if all(EMPTY_MARK.match(c) or not c for c in cells):
            findings.use(ln)  # "- ไม่มี -": the table is empty on purpose
            continue
        index += 1
        where = f"{part.label} row {index}"
        row = _row(ln, cells, section, where, report_date, findings)
        if row is not None:
            rows.append(row)
            findings.use(ln)
    if part.lines and not seen_header:
        findings.repaired(part.heading or part.lines[0], part.label, "ตารางไม่มีแถวหัวตาราง")
    return rows


def _is_header(cells: list[str]) -> bool:
    return len(cells) >= 2 and cells[0].replace(" ", "").startswith("วัน") and "ที่มา" in cells[1]


def _row(
    ln: SourceLine,
    cells: list[str],
    section: Section,
    where: str,
    report_date: date,
    findings: Findings,
) -> NewsRow | None:
    """One table row, or None (reported) when it cannot be read."""
    if len(cells) < 4:
        findings.unreadable(
            ln,
            where,
            f"แถวตารางต้องมี ๔ ช่อง (วัน เวลา, ที่มา, สถานที่, สรุปข่าว) แต่มี {to_thai_digits(str(len(cells)))}: {ln.text!r}",
        )
        return None
    if len(cells) > 4:
        findings.repaired(
            ln, where, f"แถวมี {to_thai_digits(str(len(cells)))} ช่อง รวมช่องท้ายเข้ากับสรุปข่าว"
        )
        cells = [*cells[:3], " ".join(c for c in cells[3:] if c)]
    try:
        parsed = parse_dtg(cells[0], reference=report_date)
    except ThaiFormatError as exc:
        findings.unreadable(ln, where, f"{exc} — แถวนี้ไม่ได้นำเข้า: {ln.text!r}")
        return None
    for repair in parsed.repairs:
        findings.repaired(ln, where, repair)
    source, place, summary = cells[1], cells[2], cells[3]
    return NewsRow(
        section=section, published_at=parsed.value, source=source, place=place, summary=summary
    )

"""The importer's repairs as findings: defects the parsed report no longer shows.

A past report's DTGs, activity numbers and misspelled labels are mended while reading; the
importer says what it mended, and these rules turn those notes into findings with rule ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from msoc.report.importer.findings import ImportIssue
from msoc.report.lint.finding import Context, Finding, row_label
from msoc.thai import to_thai_digits

# (pattern over the importer's message, rule, category, severity, suggested fix)
_RULES: tuple[tuple[re.Pattern[str], str, str, str, str], ...] = (
    (
        re.compile(r"^DTG .*(ไม่ใช่ชื่อเดือน|ไม่มีชื่อเดือน)"),
        "format.dtg",
        "format",
        "error",
        "เขียนชื่อเดือนย่อ เช่น ๐๒๑๔๐๕ พ.ค.๖๖",
    ),
    (
        re.compile(r"^DTG .*(ช่องว่าง|ไม่ตรงรูปแบบ|ไม่ครบ)"),
        "format.dtg",
        "format",
        "warning",
        "เขียนตามรูปแบบ DDHHMM เดือนย่อ ปี โดยไม่มีช่องว่างเกิน เช่น ๐๒๑๔๐๕ พ.ค.๖๖",
    ),
    (
        re.compile(r"^ตัวเลข .*เขียนผิดรูปแบบ"),
        "format.number",
        "format",
        "error",
        "คั่นหลักพันทุกสามหลัก และตรวจว่าตัวเลขถูกต้อง",
    ),
    (re.compile(r"ไม่ตรงกับวันที่"), "format.thai_date", "format", "error", "แก้ชื่อวันให้ตรงกับวันที่"),
    (
        re.compile(r"^เลขข้อ \(.*ไม่ต่อจากข้อก่อน"),
        "order.numbering",
        "order",
        "error",
        "เรียงเลขข้อต่อเนื่อง (๑), (๒), (๓) …",
    ),
    (re.compile(r"^เลขหัวข้อ ๕\.๑"), "order.numbering", "order", "error", "เรียงเลขหัวข้อต่อเนื่อง"),
    (
        re.compile(r"^ลำดับหน่วยงาน"),
        "order.units",
        "order",
        "error",
        "เรียงหน่วยงานตามลำดับ สป. พส. สค. ดย. พก. ผส. พอช. กคช.",
    ),
    (
        re.compile(r"สะกดผิด|สะกดว่า|ใกล้เคียง"),
        "text.misspelling",
        "text",
        "warning",
        "แก้การสะกดให้ตรงกับคำที่ถูกต้อง",
    ),
)
_ROW = re.compile(r"^(?P<section>[๐-๙.]+) row (?P<row>\d+)$")


def _place(issue: ImportIssue) -> tuple[str, str]:
    """Section and location from the importer's part ('๑.๓.๑ row 3' → '๑.๓.๑', 'แถว ๓')."""
    if m := _ROW.match(issue.part):
        return m.group("section"), row_label(int(m.group("row")))
    section, _, rest = issue.part.partition(" ")
    line = f"บรรทัด {to_thai_digits(str(issue.line))} ของไฟล์" if issue.line else ""
    return section, " ".join(p for p in (rest, line) if p)


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per importer note that names a defect of the written report."""
    for issue in ctx.import_issues:
        if issue.severity != "repaired":
            continue
        for pattern, rule, category, severity, fix in _RULES:
            if pattern.search(issue.message):
                section, location = _place(issue)
                yield Finding(rule, severity, section, location, issue.message, fix, category)  # type: ignore[arg-type]
                break

"""Section ๒: each unit's numbered activities."""

from __future__ import annotations

import re

from msoc.report.importer.findings import Findings, close_to
from msoc.report.importer.outline import EMPTY_MARK, Part
from msoc.report.model import Activity, UnitActivities
from msoc.thai import to_arabic_digits, to_thai_digits

# The fixed order of section ๒ and each unit's name, to name a unit whose heading lacks a code.
UNIT_NAMES = {
    "สป.": "สำนักงานปลัดกระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์",
    "พส.": "กรมพัฒนาสังคมและสวัสดิการ",
    "สค.": "กรมกิจการสตรีและสถาบันครอบครัว",
    "ดย.": "กรมกิจการเด็กและเยาวชน",
    "พก.": "กรมส่งเสริมและพัฒนาคุณภาพชีวิตคนพิการ",
    "ผส.": "กรมกิจการผู้สูงอายุ",
    "พอช.": "สถาบันพัฒนาองค์กรชุมชน",
    "กคช.": "การเคหะแห่งชาติ",
}
_CODE = re.compile(r"\(([^()]+)\)\s*$")
_ITEM = re.compile(r"^\(\s*([๐-๙\d]{1,3})\s*\)\s*")


def parse_units(parts: list[Part], findings: Findings) -> list[UnitActivities]:
    """Every unit subsection of section ๒ in document order."""
    units = [_unit(part, findings) for part in parts]
    order = list(UNIT_NAMES)
    known = [u.code for u in units if u.code in order]
    if known != sorted(known, key=order.index) and parts[0].heading is not None:
        findings.repaired(
            parts[0].heading, "๒", "ลำดับหน่วยงานในส่วน ๒ ไม่ตรงกับลำดับที่กำหนด: " + " ".join(known)
        )
    return units


def _unit(part: Part, findings: Findings) -> UnitActivities:
    code, name = _code_and_name(part, findings)
    unit = UnitActivities(code=code, name=name)
    expected = 1
    for ln in part.lines:
        findings.use(ln)
        text = ln.text
        if EMPTY_MARK.match(text):
            continue
        m = _ITEM.match(text)
        if m is None:
            if unit.activities:
                unit.activities[-1].paragraphs.append(text)
                continue
            findings.repaired(ln, part.label, "ย่อหน้าแรกไม่มีเลขข้อ (๑) นำเข้าเป็นกิจกรรมที่ ๑")
            unit.activities.append(Activity([text]))
            expected = 2
            continue
        number = int(to_arabic_digits(m.group(1)))
        where = f"{part.label} ({to_thai_digits(str(number))})"
        if number != expected:
            findings.repaired(
                ln,
                where,
                f"เลขข้อ ({to_thai_digits(str(number))}) ไม่ต่อจากข้อก่อน (ควรเป็น ({to_thai_digits(str(expected))}))",
            )
        unit.activities.append(Activity([text[m.end() :].strip()]))
        expected = len(unit.activities) + 1
    return unit


def _code_and_name(part: Part, findings: Findings) -> tuple[str, str]:
    """The unit's code from the heading's parenthesis and its name without number or code."""
    if m := _CODE.search(part.title):
        return m.group(1).strip(), part.title[: m.start()].strip()
    for code, name in UNIT_NAMES.items():
        if close_to(part.title, name):
            findings.repaired(
                part.heading or 0, part.label, f"หัวข้อหน่วยงานไม่มีอักษรย่อ ใช้ ({code}) ตามชื่อ"
            )
            return code, part.title
    findings.unreadable(
        part.heading or 0, part.label, f"หัวข้อ {part.title!r} ไม่มีอักษรย่อหน่วยงานในวงเล็บ"
    )
    return "", part.title

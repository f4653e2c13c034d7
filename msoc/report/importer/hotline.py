"""Section ๑.๕: the 1300 hotline figures, read as '<label> <number> กรณี|ราย' pairs.

Each pair is matched to a known label of `HOTLINE_*` by the label's ending (the report puts
lead-in words such as 'ผ่านช่องทางการให้บริการ' before the first one). A label that is off by
a typing slip is matched tolerantly and the match is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from msoc.report.importer.findings import Findings, SourceLine, edit_distance
from msoc.report.importer.outline import EMPTY_MARK, Part
from msoc.report.model import (
    HOTLINE_CHANNELS,
    HOTLINE_KINDS,
    HOTLINE_REFERRALS,
    HOTLINE_SERVICES,
    FiscalYearStats,
    Hotline,
    PreviousFiscalYear,
)
from msoc.thai import ThaiFormatError, be_year, parse_int, parse_thai_date, to_arabic_digits

_GROUPS = {
    "channels": HOTLINE_CHANNELS,
    "services": HOTLINE_SERVICES,
    "referrals": HOTLINE_REFERRALS,
    "kinds": HOTLINE_KINDS,
}
# (group, key) -> printed label; group "" is a field of Hotline itself.
LABELS: dict[tuple[str, str], str] = {
    ("", "total"): "การดำเนินการให้ความช่วยเหลือ",
    ("", "male"): "ชาย",
    ("", "female"): "หญิง",
    ("", "mobile_unit"): "ออกปฏิบัติการหน่วยเคลื่อนที่เร็วเพื่อช่วยเหลือตามกระบวนการโดยนักสังคมสงเคราะห์วิชาชีพ",
    ("", "kinds_total"): "รวม",
    **{(g, k): label for g, labels in _GROUPS.items() for k, label in labels.items()},
}
# Misspellings seen in real reports, read without a distance test.
KNOWN_MISSPELLINGS = {"ก่อทวน": ("kinds", "prank"), "ก่อกว่น": ("kinds", "prank")}
_LEAD_INS = ("ผ่านช่องทางการให้บริการ", "ผ่านช่องทาง", "จำแนกเป็น", "แยกเป็น")
_PAIR = re.compile(r"(?P<label>[^\d()/]*?)\s*(?P<value>\d+(?:,\d+)*|-)\s*(?P<unit>กรณี|ราย)")
_N = r"(\d+(?:,\d+)*)"
_FISCAL = re.compile(
    rf"สถิติ\s*ตั้งแต่\s*(?P<start>.+?)\s*[-–]\s*(?P<end>\d.+?)\s*จำนวน\s*{_N}\s*วัน\s*"
    rf"รวม\s*{_N}\s*กรณี\s*เฉลี่ย\s*{_N}\s*กรณี\s*/\s*วัน"
)
_PREVIOUS = re.compile(
    rf"\(?\s*งบ\s*ปี\s*(\d{{2,4}})\s*จำนวน\s*{_N}\s*กรณี\s*เฉลี่ย\s*{_N}\s*กรณี\s*/\s*วัน\s*\)?"
)


@dataclass
class _Values:
    found: dict[tuple[str, str], int | None] = field(default_factory=dict)
    fiscal: FiscalYearStats | None = None
    previous: PreviousFiscalYear | None = None


def parse_hotline(part: Part, report_date: date, findings: Findings) -> Hotline | None:
    """Read ๑.๕; None (reported) when not even the day's total can be found."""
    values = _Values()
    for ln in part.lines:
        findings.use(ln)
        text = to_arabic_digits(ln.text)
        if EMPTY_MARK.match(text):
            continue
        text = _fiscal(ln, text, report_date, part.label, findings, values)
        _pairs(ln, text, part.label, findings, values)
    return _build(part, values, findings)


def _build(part: Part, values: _Values, findings: Findings) -> Hotline | None:
    found = values.found
    where = part.heading or (part.lines[0] if part.lines else 0)
    total = found.get(("", "total"))
    if total is None:
        total = found.get(("", "kinds_total"))
        if total is None:
            if part.lines:
                findings.unreadable(
                    where, part.label, "ไม่พบจำนวนกรณีทั้งหมดของวัน จึงไม่ได้นำเข้าตัวเลขสายด่วน"
                )
            return None
        findings.repaired(where, part.label, "ไม่พบจำนวนกรณีทั้งหมด ใช้ยอด 'รวม' ท้ายประเภทปัญหาแทน")
    hotline = Hotline(
        total=total,
        male=found.get(("", "male")),
        female=found.get(("", "female")),
        mobile_unit=found.get(("", "mobile_unit")),
        kinds_total=found.get(("", "kinds_total")),
        fiscal_year_to_date=values.fiscal,
        previous_fiscal_year=values.previous,
    )
    for group, labels in _GROUPS.items():
        setattr(hotline, group, {key: found.get((group, key)) for key in labels})
    missing = [label for key, label in LABELS.items() if key not in found]
    if missing:
        findings.repaired(
            where, part.label, "ไม่พบตัวเลขของ " + ", ".join(repr(m) for m in missing) + " (ว่างไว้)"
        )
    return hotline


def _pairs(ln: SourceLine, text: str, where: str, findings: Findings, values: _Values) -> None:
    """Assign every '<label> <number> <unit>' of a line; report what fits no label."""
    pos = 0
    for m in _PAIR.finditer(text):
        _stray(ln, text[pos : m.start()], where, findings)
        pos = m.end()
        key = _match_label(ln, m.group("label"), where, findings)
        if key is None:
            findings.unreadable(ln, where, f"ไม่รู้จักหัวข้อ {m.group(0).strip()!r} จึงไม่ได้นำเข้า")
            continue
        value = _value(ln, m.group("value"), where, findings)
        if key in values.found:
            findings.unreadable(
                ln, where, f"{LABELS[key]!r} ซ้ำ ใช้ตัวเลขแรก ไม่นำเข้า {m.group(0).strip()!r}"
            )
            continue
        values.found[key] = value
    _stray(ln, text[pos:], where, findings)


def _stray(ln: SourceLine, text: str, where: str, findings: Findings) -> None:
    """Text between pairs is only punctuation; anything else is reported."""
    rest = re.sub(r"[\s()/.,:;]+", " ", text).strip()
    if rest:
        findings.unreadable(ln, where, f"ข้อความ {rest!r} ไม่ใช่ตัวเลขสายด่วนที่รู้จัก จึงไม่ได้นำเข้า")


def _clean_label(label: str) -> str:
    label = re.sub(r"^[\s()/.,:;]+", "", label).strip()
    for lead in _LEAD_INS:
        if label.startswith(lead):
            return label[len(lead) :].strip()
    return label


def _key_form(text: str) -> str:
    return text.replace(" ", "").replace(".", "")


def _match_label(
    ln: SourceLine, raw: str, where: str, findings: Findings
) -> tuple[str, str] | None:
    """The known label a written one stands for, reporting tolerant matches."""
    label = _clean_label(raw)
    form = _key_form(label)
    if form in KNOWN_MISSPELLINGS:
        key = KNOWN_MISSPELLINGS[form]
        findings.repaired(ln, where, f"หัวข้อ {label!r} สะกดผิด อ่านเป็น {LABELS[key]!r}")
        return key
    if "หน่วยเคลื่อนที่" in form:
        return ("", "mobile_unit")
    exact = [key for key, known in LABELS.items() if form == _key_form(known)]
    if exact:
        if label != LABELS[exact[0]]:
            findings.repaired(ln, where, f"หัวข้อ {label!r} อ่านเป็น {LABELS[exact[0]]!r}")
        return exact[0]
    ending = [key for key, known in LABELS.items() if form.endswith(_key_form(known))]
    if ending:
        key = max(ending, key=lambda k: len(LABELS[k]))
        lead = label[: len(label) - len(LABELS[key])].strip()
        findings.unreadable(ln, where, f"ข้อความ {lead!r} หน้าหัวข้อ {LABELS[key]!r} ไม่ได้นำเข้า")
        return key
    return _tolerant(ln, label, form, where, findings)


def _tolerant(
    ln: SourceLine, label: str, form: str, where: str, findings: Findings
) -> tuple[str, str] | None:
    """A label within a small edit distance of exactly one known label (long labels only)."""
    scored = []
    for key, known in LABELS.items():
        target = _key_form(known)
        if len(target) < 5:
            continue
        allowed = min(2, len(target) // 3)
        distance = edit_distance(form, target, allowed)
        if distance <= allowed:
            scored.append((distance, key))
    scored.sort()
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    key = scored[0][1]
    findings.repaired(ln, where, f"หัวข้อ {label!r} ใกล้เคียง {LABELS[key]!r} จึงอ่านเป็นหัวข้อนั้น")
    return key


def _value(ln: SourceLine, digits: str, where: str, findings: Findings) -> int | None:
    try:
        parsed = parse_int(digits)
    except ThaiFormatError as exc:  # pragma: no cover - the pattern admits numbers only
        findings.unreadable(ln, where, str(exc))
        return None
    for repair in parsed.repairs:
        findings.repaired(ln, where, repair)
    return parsed.value


def _fiscal(
    ln: SourceLine, text: str, report_date: date, where: str, findings: Findings, values: _Values
) -> str:
    """Take the fiscal-year statistics out of a line; returns the text left for pairs."""
    if m := _FISCAL.search(text):
        try:
            start = parse_thai_date(m.group("start"), reference=report_date).value
            end = parse_thai_date(m.group("end"), reference=report_date).value
        except ThaiFormatError as exc:
            findings.unreadable(ln, where, f"สถิติปีงบประมาณ: {exc}")
        else:
            days, total, per_day = (_value(ln, m.group(i), where, findings) for i in (3, 4, 5))
            if None not in (days, total, per_day):
                values.fiscal = FiscalYearStats(start, end, days, total, per_day)  # type: ignore[arg-type]
        text = text[: m.start()] + " " + text[m.end() :]
    if m := _PREVIOUS.search(text):
        year = int(m.group(1))
        year_be = year if year >= 100 else be_year(report_date) // 100 * 100 + year
        total, per_day = (_value(ln, m.group(i), where, findings) for i in (2, 3))
        if total is not None and per_day is not None:
            values.previous = PreviousFiscalYear(year_be, total, per_day)
        text = text[: m.start()] + " " + text[m.end() :]
    return text

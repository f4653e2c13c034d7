"""Sections ๑.๑ and ๑.๒: general paragraphs, watch topics and the DDC weekly COVID-19 figures."""

from __future__ import annotations

import re
from datetime import date, timedelta

from msoc.report.importer.findings import Findings, SourceLine
from msoc.report.importer.outline import Part
from msoc.report.model import CovidWeek, Situation
from msoc.thai import ThaiFormatError, be_year, parse_int, parse_thai_date, to_arabic_digits

_N = r"(\d+(?:,\d+)*)"
_MONTH = r"([\u0e01-\u0e4e.]+)"
# Where the weekly figures begin: the wording renderers print ("ว่าข้อมูลของสัปดาห์ที่ ...").
FIGURES_START = re.compile(r"(?:ว่า\s*)?(?:ข้อมูล\s*(?:ของ\s*)?)?สัปดาห์ที่\s*\d")
_RANGE = re.compile(
    rf"ระหว่างวันที่\s*(\d{{1,2}})\s*(?:{_MONTH}\s*)?(\d{{4}}\s*)?[-–]\s*(\d{{1,2}})\s*{_MONTH}\s*(\d{{2,4}})?"
)
# The figures in the order the DDC sentence gives them; each is searched after the previous.
_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("new_cases", "ผู้ติดเชื้อรายใหม่", rf"ผู้ติดเชื้อรายใหม่(?:สะสม)?\s*{_N}"),
    ("new_cases_per_day", "เฉลี่ยวันละ", rf"เฉลี่ยวันละ\s*{_N}"),
    ("cumulative_cases", "รวมสะสม", rf"รวมสะสม\s*{_N}"),
    ("new_deaths", "ผู้เสียชีวิตรายใหม่", rf"เสียชีวิต(?:รายใหม่)?\s*{_N}"),
    ("new_deaths_per_day", "เฉลี่ยวันละ (ผู้เสียชีวิต)", rf"เฉลี่ยวันละ\s*{_N}"),
    ("cumulative_deaths", "รวมสะสม (ผู้เสียชีวิต)", rf"รวมสะสม\s*{_N}"),
    ("pneumonia", "ผู้ป่วยปอดอักเสบ", rf"ปอดอักเสบ\s*{_N}"),
    ("ventilated", "ผู้ป่วยใส่เครื่องช่วยหายใจ", rf"เครื่องช่วยหายใจ\s*{_N}"),
)
_UNIT_TAIL = re.compile(r"\s*(?:คน|ราย)?\s*\)?")
_SINCE = re.compile(
    rf"\s*(?:ซึ่งเป็นยอด)?\s*ตั้งแต่วันที่\s*(\d{{1,2}}\s*{_MONTH}\s*(?:พ\.ศ\.\s*)?\d{{2,4}})"
)


class _Unreadable(Exception):
    """The weekly sentence is there but a figure cannot be found or read."""


def parse_general(part: Part, findings: Findings) -> list[str]:
    """๑.๑: one paragraph per line."""
    findings.use(*part.lines)
    return [ln.text for ln in part.lines]


def parse_asean(part: Part, report_date: date, findings: Findings, situation: Situation) -> None:
    """๑.๒: the intro text, the structured weekly figures, and what could not be structured."""
    lines = part.lines
    at = next(
        (i for i, ln in enumerate(lines) if FIGURES_START.search(to_arabic_digits(ln.text))), None
    )
    if at is None:
        situation.asean_intro = " ".join(ln.text for ln in lines)
        findings.use(*lines)
        if lines:
            findings.unreadable(
                part.heading or lines[0], part.label, "ไม่พบตัวเลขโควิด 19 รายสัปดาห์ของกรมควบคุมโรค"
            )
        return
    figures_line = lines[at]
    text = figures_line.text
    start = FIGURES_START.search(to_arabic_digits(text))
    if start is None:  # found above; kept as a check that survives python -O
        return
    intro = [ln.text for ln in lines[:at]] + [text[: start.start()].strip()]
    situation.asean_intro = " ".join(t for t in intro if t)
    if at > 0:
        findings.repaired(
            lines[0], part.label, f"รวม {at + 1} ย่อหน้าแรกของ {part.label} เป็นข้อความนำ"
        )
    sentence = text[start.start() :]
    try:
        situation.covid_week, rest = _covid_week(
            sentence, report_date, figures_line, part, findings
        )
    except _Unreadable as exc:
        situation.asean_extra.append(sentence)
        findings.unreadable(
            figures_line, part.label, f"อ่านตัวเลขโควิด 19 รายสัปดาห์ไม่ได้ ({exc}) เก็บเป็นข้อความ"
        )
    else:
        if rest:
            situation.asean_extra.append(rest)
            findings.repaired(figures_line, part.label, f"ข้อความหลังตัวเลขรายสัปดาห์เก็บแยกไว้: {rest!r}")
    findings.use(*lines[: at + 1])
    for ln in lines[at + 1 :]:
        situation.asean_extra.append(ln.text)
        findings.use(ln)
        findings.repaired(ln, part.label, "ย่อหน้าหลังตัวเลขรายสัปดาห์เก็บเป็นข้อความเพิ่มเติม")


def _covid_week(
    sentence: str, report_date: date, ln: SourceLine, part: Part, findings: Findings
) -> tuple[CovidWeek, str]:
    """The structured figures and the text left after them."""
    plain = to_arabic_digits(sentence)  # same length: positions carry over to `sentence`
    week = re.search(rf"สัปดาห์ที่\s*{_N}", plain)
    if week is None:
        raise _Unreadable("ไม่พบเลขสัปดาห์")
    values = {"week": _int(week.group(1), ln, part, findings)}
    pos = week.end()
    year = re.match(rf"\s*ของปี\s*(?:พ\.ศ\.\s*)?{_N}", plain[pos:])
    values["year_be"] = _int(year.group(1), ln, part, findings) if year else be_year(report_date)
    if year:
        pos += year.end()
    span = _RANGE.search(plain, pos)
    if span is None:
        raise _Unreadable("ไม่พบช่วงวันที่ 'ระหว่างวันที่ ...'")
    start, end = _range(span, values["year_be"])
    pos = span.end()
    for name, label, pattern in _FIELDS:
        m = re.compile(pattern).search(plain, pos)
        if m is None:
            raise _Unreadable(f"ไม่พบตัวเลข {label!r}")
        values[name] = _int(m.group(1), ln, part, findings)
        pos = m.end()
    pos += _UNIT_TAIL.match(plain, pos).end() - pos  # type: ignore[union-attr]
    since = None
    if m := _SINCE.match(plain, pos):
        try:
            since = parse_thai_date(m.group(1)).value
            pos = m.end()
        except ThaiFormatError:
            pass
    cw = CovidWeek(start=start, end=end, since=since, **values)
    return cw, sentence[pos:].strip(" .")


def _range(span: re.Match[str], year_be: int) -> tuple[date, date]:
    d1, m1, y1, d2, m2, y2 = span.groups()
    try:
        end = parse_thai_date(f"{d2} {m2} {y2 or year_be}").value
        if m1:
            return parse_thai_date(f"{d1} {m1} {(y1 or '').strip() or y2 or year_be}").value, end
        if int(d1) <= end.day:
            return end.replace(day=int(d1)), end
        return (end.replace(day=1) - timedelta(days=1)).replace(day=int(d1)), end
    except (ThaiFormatError, ValueError) as exc:
        raise _Unreadable(f"อ่านช่วงวันที่ไม่ได้: {span.group(0)!r}") from exc


def _int(text: str, ln: SourceLine, part: Part, findings: Findings) -> int:
    try:
        parsed = parse_int(text)
    except ThaiFormatError as exc:
        raise _Unreadable(str(exc)) from exc
    if parsed.value is None:
        raise _Unreadable(f"ไม่มีตัวเลข: {text!r}")
    for repair in parsed.repairs:
        findings.repaired(ln, part.label, repair)
    return parsed.value

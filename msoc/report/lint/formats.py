"""Formats: date-time groups, Thai dates, number grouping and decimals, Thai digits in the body."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from functools import lru_cache

from msoc.report.lint.finding import Context, Finding, Passage, block_passages, n, passages
from msoc.report.lint.numbers import NUMBER, numbers_in
from msoc.thai import (
    MONTHS,
    MONTHS_ABBR,
    WEEKDAYS,
    ThaiFormatError,
    format_thai_date_long,
    parse_thai_date,
    to_arabic_digits,
    to_thai_digits,
)

# Names that carry Arabic digits by convention (โควิด 19, โรคติดเชื้อไวรัสโคโรนา 2019).
_NAMED_NUMBER = re.compile(r"(?:โควิด|โคโรนา|COVID|PM|Covid)\s*-?\s*$")
_ARABIC = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_MONTH_WORDS = "|".join(re.escape(m) for m in (*MONTHS, *MONTHS_ABBR))
# A date-time group in running text: digits right before an abbreviated month and a year.
_DTG_IN_TEXT = re.compile(
    rf"(?<![0-9๐-๙])([0-9๐-๙]{{5,8}})\s*({'|'.join(re.escape(m) for m in MONTHS_ABBR)})\s*[0-9๐-๙]{{2}}"
)
_DATE_IN_TEXT = re.compile(
    rf"(?:วัน(?P<weekday>{'|'.join(WEEKDAYS)})ที่\s*)?(?<![0-9๐-๙])(?P<day>[0-9๐-๙]{{1,2}})\s*"
    rf"(?P<month>{_MONTH_WORDS})\s*(?:พ\.ศ\.\s*)?(?P<year>[0-9๐-๙]{{4}}|[0-9๐-๙]{{2}})(?![0-9๐-๙])"
)


def _f(rule: str, p: Passage, found: str, fix: str, severity: str = "error") -> Finding:
    return Finding(rule, severity, p.section, p.location, found, fix, "format")  # type: ignore[arg-type]


def digits(p: Passage) -> Iterator[Finding]:
    """Arabic digits in Thai body text, except inside Latin names and named numbers."""
    for m in _ARABIC.finditer(p.text):
        before, after = p.text[: m.start()], p.text[m.end() :]
        if re.search(r"[A-Za-z]\s?-?\s?$", before) or re.match(r"[A-Za-z]", after):
            continue
        if _NAMED_NUMBER.search(before):
            continue
        yield _f(
            "format.digits",
            p,
            f"ตัวเลขอารบิก {m.group(0)!r} ในเนื้อความภาษาไทย",
            f"ใช้เลขไทย {to_thai_digits(m.group(0))!r}",
            "warning",
        )


def grouping(p: Passage) -> Iterator[Finding]:
    """Thousands separators every three digits; long numbers grouped."""
    for num in numbers_in(p.text):
        plain = to_arabic_digits(num.text)
        whole = plain.split(".")[0]
        if "," in whole and not num.well_grouped:
            yield _f(
                "format.number",
                p,
                f"ตัวเลข {num.text!r} ใส่จุลภาคคั่นหลักผิดที่",
                "คั่นทุกสามหลักจากขวา และตรวจว่าตัวเลขถูกต้อง (อาจมีหลักเกินหรือขาด)",
            )
        elif "," not in whole and len(whole) >= 5 and not _is_code(p.text, num.start, num.end):
            yield _f(
                "format.number",
                p,
                f"ตัวเลข {num.text!r} ไม่มีจุลภาคคั่นหลักพัน",
                f"เขียนเป็น {to_thai_digits(f'{int(whole):,}')}",
                "warning",
            )


def _is_code(text: str, start: int, end: int) -> bool:
    """Postcodes, phone numbers, document numbers and date-time groups are not quantities."""
    if re.match(rf"\s*(?:{'|'.join(re.escape(m) for m in MONTHS_ABBR)})", text[end:]):
        return True
    return bool(re.search(r"(?:โทร\S*|ที่|ว|รหัส\S*|กทม\.)\s*$", text[:start]))


def dtgs(p: Passage) -> Iterator[Finding]:
    """Date-time groups written in running text have six digits (day, hour, minute)."""
    for m in _DTG_IN_TEXT.finditer(p.text):
        if len(m.group(1)) != 6:
            yield _f(
                "format.dtg",
                p,
                f"วันเวลา {m.group(0)!r} มีตัวเลข {n(len(m.group(1)))} หลัก",
                "DTG ต้องมี ๖ หลัก: วัน ชั่วโมง นาที เช่น ๐๓๐๙๐๐ พ.ค.๖๖",
            )


def dates(p: Passage, day: date) -> Iterator[Finding]:
    """Thai dates that do not exist or whose weekday is wrong."""
    for m in _DATE_IN_TEXT.finditer(p.text):
        if len(m.group("day")) > 2:
            continue
        try:
            parsed = parse_thai_date(m.group(0), reference=day)
        except ThaiFormatError:
            yield _f("format.thai_date", p, f"วันที่ {m.group(0)!r} ไม่มีอยู่จริง", "ตรวจวันและเดือน")
            continue
        if m.group("weekday") and m.group("weekday") != WEEKDAYS[parsed.value.weekday()]:
            yield _f(
                "format.thai_date",
                p,
                f"{m.group(0)!r}: วัน{m.group('weekday')} ไม่ตรงกับวันที่",
                f"{format_thai_date_long(parsed.value)}",
            )


def decimals(ctx: Context) -> Iterator[Finding]:
    """Amounts in ล้านบาท within one standing block are written with the same decimals."""
    unit = re.compile(rf"({NUMBER})\s*ล้านบาท")
    for block in ctx.report.standing:
        amounts = [
            (p, m.group(1))
            for p in block_passages(block)
            for m in unit.finditer(p.text)
            if "." in m.group(1)
        ]
        if len(amounts) < 3:
            continue
        usual, count = Counter(len(a.split(".")[1]) for _, a in amounts).most_common(1)[0]
        if count * 2 <= len(amounts):
            continue
        for p, amount in amounts:
            places = len(amount.split(".")[1])
            if places != usual:
                yield _f(
                    "format.decimals",
                    p,
                    f"จำนวนเงิน {amount!r} ล้านบาท มีทศนิยม {n(places)} ตำแหน่ง",
                    f"เขียนทศนิยม {n(usual)} ตำแหน่งเหมือนยอดอื่น",
                    "warning",
                )


def header(ctx: Context) -> Iterator[Finding]:
    """The subject's date is the report's date."""
    subject = ctx.report.header.subject
    expected = format_thai_date_long(ctx.report.date)
    m = _DATE_IN_TEXT.search(subject)
    if subject and m and m.group(0).replace(" ", "") not in expected.replace(" ", ""):
        yield Finding(
            "format.thai_date",
            "error",
            "หัวเรื่อง",
            "เรื่อง",
            f"วันที่ในเรื่อง {m.group(0)!r} ไม่ตรงกับวันที่ของรายงาน",
            expected,
            "format",
        )


def check(ctx: Context) -> Iterator[Finding]:
    """All format rules over a report."""
    source = Passage("๑.๔", "ที่มา", ctx.report.disaster.source_line, "paragraph")
    for p in (*passages(ctx.report), source):
        yield from _passage_findings(p, ctx.report.date)
    yield from decimals(ctx)
    yield from header(ctx)


@lru_cache(maxsize=4096)
def _passage_findings(p: Passage, day: date) -> tuple[Finding, ...]:
    return (*digits(p), *grouping(p), *dtgs(p), *dates(p, day))

"""Sections ๓, ๔ and ๕.๒ as standing blocks of lines, and the ๕.๑ key headlines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from msoc.report.importer.findings import Findings, SourceLine
from msoc.report.importer.outline import EMPTY_MARK, Part, label_of
from msoc.report.model import Line, StandingBlock
from msoc.thai import normalize_text, to_arabic_digits, to_thai_digits

_BULLET = re.compile(r"^[-–•]\s+")
_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?(?:\s+|$)")
_PAREN_ITEM = re.compile(r"^\((\d{1,3})\)")
_HALF_PAREN_ITEM = re.compile(r"^(\d{1,3})\)")
_INDENT = " \t\u00a0\u3000"
_MAX_LEVEL = 8


@dataclass
class _Numbering:
    """Running numbers of one block, to report skips and repeats (the lines keep their text)."""

    headings: dict[tuple[int, ...], int] = field(default_factory=dict)
    items: dict[str, int] = field(default_factory=dict)


def parse_standing(
    key: str, prefix: tuple[int, ...], parts: list[Part], findings: Findings
) -> StandingBlock:
    """A standing block from its part (and any unexpected parts that follow it)."""
    first = parts[0]
    block = StandingBlock(key=key, title=first.title)
    numbering = _Numbering()
    for n, part in enumerate(parts):
        if n > 0 and part.heading is not None:
            findings.repaired(
                part.heading, part.label, f"หัวข้อ {part.label} ไม่อยู่ในแบบรายงาน เก็บไว้ใน {first.label}"
            )
            block.lines.append(Line("heading", part.heading.text, 1))
        for ln in part.lines:
            findings.use(ln)
            if not EMPTY_MARK.match(ln.text):
                block.lines.append(_line(ln, prefix, first.label, numbering, findings))
    return block


def _line(
    ln: SourceLine, prefix: tuple[int, ...], where: str, numbering: _Numbering, findings: Findings
) -> Line:
    """Classify one line: heading (numbered by depth), bullet (by indent), numbered, paragraph."""
    stripped = ln.raw.lstrip(_INDENT)
    if m := _BULLET.match(stripped):
        # The text form nests a bullet by leading spaces: ' - x' is level 1.
        return Line(
            "bullet",
            normalize_text(stripped[m.end() :]),
            min(len(ln.raw) - len(stripped), _MAX_LEVEL),
        )
    text = ln.text
    plain = to_arabic_digits(text)
    if m := _HEADING.match(plain):
        parts = tuple(int(p) for p in m.group(1).split("."))
        _check_heading(ln, parts, prefix, where, numbering, findings)
        return Line("heading", text, max(1, len(parts) - len(prefix)))
    for style, pattern in (("(n)", _PAREN_ITEM), ("n)", _HALF_PAREN_ITEM)):
        if m := pattern.match(plain):
            _check_item(ln, style, int(m.group(1)), where, numbering, findings)
            return Line("numbered", text)
    return Line("paragraph", text)


def _check_heading(
    ln: SourceLine,
    parts: tuple[int, ...],
    prefix: tuple[int, ...],
    where: str,
    numbering: _Numbering,
    findings: Findings,
) -> None:
    numbering.items.clear()
    if parts[: len(prefix)] != prefix or len(parts) <= len(prefix):
        findings.repaired(
            ln, where, f"เลขหัวข้อ {label_of(parts)} ไม่อยู่ใต้ {label_of(prefix)} นำเข้าตามที่เขียน"
        )
        return
    parent, number = parts[:-1], parts[-1]
    expected = numbering.headings.get(parent, 0) + 1
    if number != expected:
        findings.repaired(
            ln,
            where,
            f"เลขหัวข้อ {label_of(parts)} ไม่ต่อจากหัวข้อก่อน (ควรเป็น {label_of((*parent, expected))}) นำเข้าตามที่เขียน",
        )
    numbering.headings[parent] = number


def _check_item(
    ln: SourceLine, style: str, number: int, where: str, numbering: _Numbering, findings: Findings
) -> None:
    if style == "(n)":
        numbering.items.pop("n)", None)
    previous = numbering.items.get(style, 0)
    if number not in (previous + 1, 1):
        shown = (
            f"({to_thai_digits(str(number))})"
            if style == "(n)"
            else f"{to_thai_digits(str(number))})"
        )
        findings.repaired(
            ln,
            where,
            f"เลขข้อ {shown} ซ้ำหรือข้ามลำดับ (ข้อก่อนคือ {to_thai_digits(str(previous))}) นำเข้าตามที่เขียน",
        )
    numbering.items[style] = number


_HEADLINE = re.compile(r"^5\.1\.(\d{1,2})\s*")


def parse_key_headlines(part: Part, findings: Findings) -> list[str]:
    """๕.๑: the headline texts without their numbers."""
    headlines: list[str] = []
    for ln in part.lines:
        findings.use(ln)
        text = ln.text
        if EMPTY_MARK.match(text):
            continue
        m = _HEADLINE.match(to_arabic_digits(text))
        if m is None:
            findings.repaired(ln, part.label, "บรรทัดไม่มีเลข ๕.๑.x นำเข้าเป็นหัวข้อข่าวอีกข้อ")
            headlines.append(text)
            continue
        number = int(m.group(1))
        if number != len(headlines) + 1:
            findings.repaired(ln, part.label, f"เลขหัวข้อ {label_of((5, 1, number))} ไม่ต่อจากข้อก่อน")
        headlines.append(text[m.end() :].strip())
    return headlines

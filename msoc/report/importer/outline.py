"""The report's outline: split the text form into the header and numbered parts by structure.

Headings are recognised by their numbering (`๑.`, `๑.๓`, `๑.๓.๑`) and their place in the
order, not by exact words, so a misspelled or renamed heading still opens its part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from msoc.report.importer.findings import Findings, SourceLine, close_to
from msoc.thai import to_arabic_digits, to_thai_digits

TOP_TITLES = {
    1: "สถานการณ์",
    2: "การดำเนินงานตามนโยบาย",
    3: "ภารกิจนโยบายสำคัญ",
    4: "ยุทธศาสตร์ พม.",
    5: "ข้อพิจารณาและข้อเสนอแนะ",
}
SUB_TITLES = {
    (1, 1): "สถานการณ์ทั่วไป",
    (1, 2): "สถานการณ์อาเซียน+๓ ไทย",
    (1, 3): "ข่าวสารและเหตุการณ์สำคัญ",
    (1, 4): "สถานการณ์ภัยธรรมชาติ",
    (1, 5): "ศูนย์ช่วยเหลือสังคม สายด่วน ๑๓๐๐",
    (5, 1): "ประเด็นหัวข้อข่าวสารสำคัญ",
    (5, 2): "การขับเคลื่อนนโยบายสู่การปฏิบัติ",
}
# Sections whose second-level numbers open parts; in ๓ and ๔ they are standing content.
_SUB_SECTIONS = (1, 2, 5)
_MAX_HEADING = 200

_TOP = re.compile(r"^(\d)\.(?!\d)\s*(\S.*)$")
_SUB = re.compile(r"^(\d)\.(\d{1,2})(?![\d.])\s*(\D.*)$")
_SUBSUB = re.compile(r"^(\d)\.(\d{1,2})\.(\d{1,2})(?![\d.])\s*(\D.*)$")
PAGE_NUMBER = re.compile(r"^[-–]\s*[๐-๙\d]{1,3}\s*[-–]$")
EMPTY_MARK = re.compile(r"^[-–]\s*ไม่มี(?:ข้อมูล)?\s*[-–]$")
# msoc's chart appendix after ๕ ("ภาคผนวก แผนภูมิ"): drawn from data, so never imported.
APPENDIX = re.compile(r"^ภาคผนวก(?:\s|$)")


@dataclass
class Part:
    """A numbered part of the report (or the header, key ()), its heading and body lines."""

    key: tuple[int, ...]
    heading: SourceLine | None = None
    title: str = ""
    lines: list[SourceLine] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The part's number as the report prints it, e.g. '๑.๓.๑' ('header' for the header)."""
        return label_of(self.key)


def label_of(key: tuple[int, ...]) -> str:
    """'๑.๓.๑' for (1, 3, 1); 'header' for ()."""
    return ".".join(to_thai_digits(str(k)) for k in key) if key else "header"


def split_lines(text: str) -> list[SourceLine]:
    """The text form as numbered lines (any newline convention)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [SourceLine(i, raw) for i, raw in enumerate(text.split("\n"), 1)]


@dataclass
class _State:
    top: int = 0
    sub: int = 0


def outline(lines: list[SourceLine], findings: Findings) -> list[Part]:
    """Split numbered lines into the header and the report's parts, in document order."""
    parts = [Part(())]
    state = _State()
    for n, ln in enumerate(lines):
        text = ln.text
        if not text:
            continue
        if state.top == 5 and APPENDIX.match(text) and len(text) <= _MAX_HEADING:
            _skip_appendix(lines[n:], findings)
            break
        if PAGE_NUMBER.match(text):
            findings.repaired(ln, parts[-1].label, f"ข้ามเลขหน้า {text!r}")
            continue
        if EMPTY_MARK.match(text):  # '- ไม่มี -', '- ไม่มีข้อมูล -': the part is empty on purpose
            findings.use(ln)
            continue
        opened = _heading(ln, text, state, parts[-1].label, findings)
        if opened is None:
            parts[-1].lines.append(ln)
            continue
        parts.append(opened)
        if opened.heading is None:  # a standing section whose own heading is missing
            opened.lines.append(ln)
        else:
            findings.use(ln)
    return parts


def _skip_appendix(lines: list[SourceLine], findings: Findings) -> None:
    """Leave out the appendix (its charts are drawn again from data), saying so once."""
    rest = [ln for ln in lines if ln.text]
    findings.use(*rest)
    findings.repaired(
        rest[0],
        "ภาคผนวก",
        f"ไม่นำเข้าภาคผนวกท้ายรายงาน ({len(rest)} บรรทัด): แผนภูมิสร้างใหม่จากข้อมูลเสมอ",
    )


def _heading(
    ln: SourceLine, text: str, state: _State, current: str, findings: Findings
) -> Part | None:
    """The part a structural heading opens, or None for a body line."""
    if len(text) > _MAX_HEADING:
        return None
    plain = to_arabic_digits(text)
    if m := _SUBSUB.match(plain):
        n, m_, k = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if (n, m_) != (1, 3) or state.top > 1:
            return None
        if state.top < 1 or state.sub != 3:
            findings.repaired(ln, label_of((1, 3)), "ไม่พบหัวข้อ ๑.๓ ก่อนตารางข่าว")
        state.top, state.sub = 1, 3
        return Part((1, 3, k), ln, _title(text))
    if m := _SUB.match(plain):
        n, m_ = int(m.group(1)), int(m.group(2))
        if n in (3, 4) and n > state.top:
            findings.repaired(
                ln, label_of((n,)), f"ไม่พบหัวข้อ {label_of((n,))} ก่อน {label_of((n, m_))}"
            )
            state.top, state.sub = n, 0
            return Part((n,), None, TOP_TITLES[n])
        if n not in _SUB_SECTIONS or n < state.top or n > 5:
            return None
        if n > state.top:
            findings.repaired(
                ln, label_of((n,)), f"ไม่พบหัวข้อ {label_of((n,))} ก่อน {label_of((n, m_))}"
            )
        elif m_ <= state.sub:
            findings.repaired(ln, label_of((n, m_)), f"หัวข้อ {label_of((n, m_))} ซ้ำหรือย้อนลำดับ")
        state.top, state.sub = n, m_
        return Part((n, m_), ln, _title(text))
    if m := _TOP.match(plain):
        n, title = int(m.group(1)), _title(text)
        if not 1 <= n <= 5 or n <= state.top:
            return None
        if n > state.top + 1 and not close_to(title, TOP_TITLES[n]):
            return None
        state.top, state.sub = n, 0
        return Part((n,), ln, title)
    return None


def _title(text: str) -> str:
    """A heading's text without its number."""
    return re.sub(r"^[\d๐-๙]+(?:\.[\d๐-๙]+)*\.?\s*", "", text).strip()


def check_title(part: Part, expected: str, findings: Findings) -> None:
    """Report a heading whose words differ from the expected ones (it is still used)."""
    if part.heading is not None and not close_to(part.title, expected):
        findings.repaired(
            part.heading,
            part.label,
            f"หัวข้อ {part.label} เขียนว่า {part.title!r} (แบบรายงานใช้ {expected!r}) นำเข้าตามที่เขียน",
        )
    elif part.heading is not None and not part.title.replace(" ", "").startswith(
        expected.replace(" ", "")
    ):
        findings.repaired(
            part.heading,
            part.label,
            f"หัวข้อ {part.label} สะกดว่า {part.title!r} ต่างจาก {expected!r} นำเข้าตามที่เขียน",
        )

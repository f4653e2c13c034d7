"""Section ๑.๔: the source line, the TMD forecast and the RID reservoir lists."""

from __future__ import annotations

import re

from msoc.report.importer.findings import Findings, SourceLine
from msoc.report.importer.outline import Part
from msoc.report.model import Disaster, ReservoirList
from msoc.thai import ThaiFormatError, parse_int, to_arabic_digits

_SOURCE = re.compile(r"\([^()]*\)\s*$")
# "<label> จำนวน ๖ อ่าง (name name และname)"; one paragraph usually holds three of them.
_RESERVOIRS = re.compile(
    r"\s*(?P<label>[^()]+?)\s*จำนวน\s*(?P<count>\d+(?:,\d+)*|-)\s*อ่าง(?:ฯ)?\s*(?:\((?P<names>[^()]*)\))?"
)
_MAX_TITLE = 120


def parse_disaster(part: Part, findings: Findings) -> Disaster:
    """Read ๑.๔; text that fits none of its fields is kept in `extra` and reported."""
    disaster = Disaster(forecast_title="")
    if m := _SOURCE.search(part.title):
        disaster.source_line = m.group(0).strip()
        part.title = part.title[: m.start()].strip()
    seen_reservoirs = False
    for ln in part.lines:
        text = ln.text
        findings.use(ln)
        if not disaster.forecast and not disaster.forecast_title and _is_forecast_title(text):
            disaster.forecast_title = text
        elif _is_reservoir_title(text) and not disaster.reservoir_title:
            disaster.reservoir_title = text
            seen_reservoirs = True
        elif "จำนวน" in text and "อ่าง" in text:
            disaster.reservoirs.extend(_reservoir_lists(ln, part.label, findings, disaster))
            seen_reservoirs = True
        elif not seen_reservoirs:
            disaster.forecast.append(text)
        else:
            disaster.extra.append(text)
            findings.repaired(ln, part.label, "ข้อความหลังรายการอ่างเก็บน้ำเก็บเป็นข้อความเพิ่มเติม")
    return disaster


def _is_forecast_title(text: str) -> bool:
    return text.startswith("ประกาศ") and len(text) <= _MAX_TITLE


def _is_reservoir_title(text: str) -> bool:
    return "อ่างเก็บน้ำ" in text and "จำนวน" not in text and len(text) <= _MAX_TITLE


def _reservoir_lists(
    ln: SourceLine, where: str, findings: Findings, disaster: Disaster
) -> list[ReservoirList]:
    """Every '<label> จำนวน N อ่าง (names)' of one paragraph, in order."""
    text = ln.text
    plain = to_arabic_digits(text)  # same length as text
    lists: list[ReservoirList] = []
    pos = 0
    while pos < len(plain):
        m = _RESERVOIRS.match(plain, pos)
        if m is None:
            break
        count = _count(m.group("count"), ln, where, findings)
        names = _names(text[m.start("names") : m.end("names")]) if m.group("names") else []
        lists.append(
            ReservoirList(label=text[m.start("label") : m.end("label")], count=count, names=names)
        )
        pos = m.end()
    rest = text[pos:].strip()
    if rest:
        disaster.extra.append(rest)
        findings.repaired(ln, where, f"ข้อความที่อ่านเป็นรายการอ่างเก็บน้ำไม่ได้เก็บแยกไว้: {rest!r}")
    return lists


def _count(digits: str, ln: SourceLine, where: str, findings: Findings) -> int:
    try:
        parsed = parse_int(digits)
    except ThaiFormatError as exc:  # pragma: no cover - the pattern admits numbers only
        findings.unreadable(ln, where, str(exc))
        return 0
    if parsed.value is None:
        findings.repaired(ln, where, "จำนวนอ่างเป็น '-' อ่านเป็น ๐")
        return 0
    return parsed.value


def _names(text: str) -> list[str]:
    """Reservoir names from 'a b c และd' (also commas)."""
    names = []
    for token in re.split(r"[\s,]+", text):
        name = token[3:] if token.startswith("และ") and len(token) > 3 else token
        if name and name != "และ":
            names.append(name)
    return names

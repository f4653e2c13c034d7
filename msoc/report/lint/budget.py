"""Arithmetic inside standing text (๕.๒ and the like): budget totals, sums and counted lists.

The lines are read as the report writes them: a line stating a total ("งบประมาณรวมจำนวน X
ล้านบาท", "รวมเป็นเงินทั้งสิ้น X บาท", "... 29,850 ครัวเรือน") and the lines under it that
carry its parts. A total is only checked when every part line carries a figure in the same
unit, so a list that does not break the total down is never flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

from msoc.gazetteer import default_gazetteer
from msoc.report.lint.finding import Context, Finding, block_passages, n, passages
from msoc.report.lint.numbers import NUMBER, quantity, value_of
from msoc.report.model import Line, StandingBlock
from msoc.thai import to_arabic_digits, to_thai_digits

_HEADING = re.compile(r"^\s*[0-9๐-๙]{1,2}(?:\.[0-9๐-๙]{1,2}){2,}")
_ITEM = re.compile(r"^\s*\(([0-9๐-๙]{1,3})\)")
_BUDGET_TOTAL = re.compile(rf"งบประมาณรวม\s*(?:จำนวน\s*)?({NUMBER})\s*ล้านบาท")
_BUDGET_PART = re.compile(rf"งบประมาณ(?!รวม)\s*(?:จำนวน\s*)?({NUMBER})\s*ล้านบาท")
_GRAND_TOTAL = re.compile(rf"รวม(?:เป็นเงิน)?ทั้งสิ้น\s*(?:จำนวน\s*)?({NUMBER})\s*บาท")
_AMOUNT = re.compile(rf"(?:จำนวน\s*)?({NUMBER})\s*บาท")
# Units whose amounts add up: a line ending in '<N> <unit>' totals bullets in that unit.
SUM_UNITS = ("ครัวเรือน", "ราย", "คน", "ตำบล", "แห่ง", "หน่วย", "กองทุน", "องค์กร", "บาท")
_TOTAL_AT_END = re.compile(rf"({NUMBER})\s*({'|'.join(SUM_UNITS)})\s*$")
# Units of things a line counts and then lists one by one below it.
COUNT_UNITS = ("โครงการ", "แผนงาน", "กิจกรรม", "มาตรการ", "ประเด็น", "ยุทธศาสตร์")
_COUNT_AT_END = re.compile(rf"\(?\s*({NUMBER})\s*({'|'.join(COUNT_UNITS)})\s*\)?\s*$")
# 'N จังหวัด (a b และc)' or 'N แห่ง a b c และd': a count followed by the names it counts.
LIST_UNITS = ("จังหวัด", "ประเทศ", "แห่ง", "อำเภอ", "อ่าง")
_LIST = re.compile(
    rf"({NUMBER})\s*({'|'.join(LIST_UNITS)})\s*(?:\(([^()]+)\)|((?:\s*[^\s()0-9๐-๙]+){{2,}}))"
)


def _f(where: tuple[str, str], found: str, fix: str, rule: str = "arith.budget_total") -> Finding:
    return Finding(rule, "error", where[0], where[1], found, fix, "arithmetic")


def _places(block: StandingBlock) -> list[tuple[str, str]]:
    return [(p.section, p.location) for p in block_passages(block)]


def _is_break(line: Line) -> bool:
    return line.kind == "heading" or bool(_HEADING.match(line.text) or _ITEM.match(line.text))


def _budget_totals(block: StandingBlock, places: Sequence[tuple[str, str]]) -> Iterator[Finding]:
    """'งบประมาณรวม X ล้านบาท' against the 'งบประมาณ Y ล้านบาท' of the lines up to the next heading."""
    lines = block.lines
    for i, line in enumerate(lines):
        m = _BUDGET_TOTAL.search(line.text)
        if m is None:
            continue
        parts: list[Decimal] = []
        for later in lines[i + 1 :]:
            if (
                later.kind == "heading"
                or _HEADING.match(later.text)
                or _BUDGET_TOTAL.search(later.text)
            ):
                break
            parts.extend(value_of(p.group(1)) for p in _BUDGET_PART.finditer(later.text))
        total = value_of(m.group(1))
        if len(parts) >= 2 and sum(parts) != total:
            yield _f(
                places[i],
                f"งบประมาณรวม {m.group(1)} ล้านบาท แต่ผลรวมของ {n(len(parts))} แผนงาน "
                f"= {_money(sum(parts))} ล้านบาท",
                f"แก้งบประมาณรวมหรือยอดของแผนงาน (ต่างกัน {_money(sum(parts) - total)} ล้านบาท)",
            )


def _money(value: Decimal | int) -> str:
    return to_thai_digits(f"{value:,}")


def _grand_totals(block: StandingBlock, places: Sequence[tuple[str, str]]) -> Iterator[Finding]:
    """'รวมเป็นเงินทั้งสิ้น X บาท' against the 'จำนวน Y บาท' of the bullets under it."""
    lines = block.lines
    for i, line in enumerate(lines):
        m = _GRAND_TOTAL.search(line.text)
        if m is None:
            continue
        parts: list[Decimal] = []
        for later in lines[i + 1 :]:
            if _is_break(later):
                break
            if later.kind == "bullet":
                found = [value_of(a.group(1)) for a in _AMOUNT.finditer(later.text)]
                if len(found) != 1:
                    parts = []
                    break
                parts.append(found[0])
        total = value_of(m.group(1))
        if len(parts) >= 2 and sum(parts) != total:
            yield _f(
                places[i],
                f"รวมเป็นเงินทั้งสิ้น {m.group(1)} บาท แต่รายการข้างล่างรวมได้ {_money(sum(parts))} บาท",
                f"แก้ยอดรวมเป็น {_money(sum(parts))} บาท หรือแก้รายการ",
            )


def _children(lines: Sequence[Line], i: int) -> list[Line]:
    """The bullets that belong to line i: deeper bullets under a bullet, any under other lines."""
    parent = lines[i]
    out: list[Line] = []
    for later in lines[i + 1 :]:
        if later.kind != "bullet" or (parent.kind == "bullet" and later.level <= parent.level):
            break
        out.append(later)
    return out


def _quantity_sums(block: StandingBlock, places: Sequence[tuple[str, str]]) -> Iterator[Finding]:
    """A line ending in '<N> <unit>' whose bullets each carry one '<M> <unit>' must add up."""
    lines = block.lines
    for i, line in enumerate(lines):
        m = _TOTAL_AT_END.search(to_arabic_digits(line.text))
        if m is None or _GRAND_TOTAL.search(line.text):
            continue
        unit = m.group(2)
        children = _children(lines, i)
        values = [quantity(to_arabic_digits(c.text), unit) for c in children]
        if len(children) < 2 or any(len(v) != 1 for v in values):
            continue
        total, parts = value_of(m.group(1)), sum(v[0] for v in values)
        if parts != total:
            yield _f(
                places[i],
                f"ยอด {n(str(m.group(1)))} {unit} แต่รายการย่อยรวมได้ {_money(parts)} {unit}",
                f"แก้ยอดรวมหรือรายการย่อยให้ตรงกัน (ต่างกัน {_money(parts - total)})",
                "arith.breakdown",
            )


def _counted_lists(block: StandingBlock, places: Sequence[tuple[str, str]]) -> Iterator[Finding]:
    """A line ending in '(<N> โครงการ)' lists N bullets under it."""
    lines = block.lines
    for i, line in enumerate(lines):
        m = _COUNT_AT_END.search(line.text)
        if m is None:
            continue
        children = _children(lines, i)
        count = int(value_of(m.group(1)))
        if children and len(children) != count:
            yield _f(
                places[i],
                f"เขียนว่า {m.group(1)} {m.group(2)} แต่มีรายการข้างล่าง {n(len(children))} รายการ",
                "แก้จำนวนหรือรายการให้ตรงกัน",
                "arith.list_count",
            )


def named_counts(text: str) -> Iterator[tuple[str, int, list[str]]]:
    """('N unit', N, names) for each count followed by the names it counts."""
    gazetteer = default_gazetteer()
    for m in _LIST.finditer(text):
        if m.group(3) is not None:
            names = [t for t in re.split(r"[\s,]+", m.group(3)) if t and t != "และ"]
        else:
            names = []
            for token in m.group(4).split():
                name = token[3:] if token.startswith("และ") and len(token) > 3 else token
                if gazetteer.resolve(name) is None:
                    break
                names.append(name)
            if len(names) < 2:
                continue
        if any(re.search(r"[0-9๐-๙]", t) for t in names):
            continue
        yield m.group(0), int(value_of(m.group(1))), names


def list_counts(section: str, location: str, text: str) -> Iterator[Finding]:
    """A stated count against the names written after it, in any running text."""
    for written, count, names in named_counts(text):
        if count != len(names) and m_unit(written) != "อ่าง":
            yield _f(
                (section, location),
                f"{written[:60]}: เขียนว่า {n(count)} แต่ระบุชื่อ {n(len(names))} ชื่อ",
                "แก้จำนวนหรือรายชื่อให้ตรงกัน",
                "arith.list_count",
            )


def m_unit(written: str) -> str:
    """The unit word of a written count."""
    m = re.search(rf"({'|'.join(LIST_UNITS)})", written)
    return m.group(1) if m else ""


def standing_checks(ctx: Context) -> Iterator[Finding]:
    """Budget totals, grand totals, quantity sums and counted lists of every standing block."""
    for block in ctx.report.standing:
        places = _places(block)
        yield from _budget_totals(block, places)
        yield from _grand_totals(block, places)
        yield from _quantity_sums(block, places)
        yield from _counted_lists(block, places)
    for p in passages(ctx.report):
        yield from list_counts(p.section, p.location, p.text)

"""Order and numbering: rows in time order, headings and items numbered without gaps or repeats."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence

from msoc.report.lint.finding import (
    NEWS_LABELS,
    Context,
    Finding,
    Passage,
    block_passages,
    row_label,
)
from msoc.report.model import SECTIONS, StandingBlock
from msoc.thai import format_dtg, to_arabic_digits, to_thai_digits

UNIT_ORDER = ("สป.", "พส.", "สค.", "ดย.", "พก.", "ผส.", "พอช.", "กคช.")
_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?(?:\s|$)")
_PAREN_ITEM = re.compile(r"^\((\d{1,3})\)")
_HALF_ITEM = re.compile(r"^(\d{1,3})\)")


def _in_order(keys: Sequence[float]) -> set[int]:
    """Indexes of a longest non-decreasing subsequence: the rows that need not move."""
    tails: list[float] = []
    tail_index: list[int] = []
    parent = [-1] * len(keys)
    for i, key in enumerate(keys):
        pos = bisect_right(tails, key)
        if pos == len(tails):
            tails.append(key)
            tail_index.append(i)
        else:
            tails[pos] = key
            tail_index[pos] = i
        parent[i] = tail_index[pos - 1] if pos else -1
    keep: set[int] = set()
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        keep.add(i)
        i = parent[i]
    return keep


def time_order(ctx: Context) -> Iterator[Finding]:
    """Within each news table rows go from the earliest to the latest."""
    for section in SECTIONS:
        rows = ctx.report.news_in(section)
        keep = _in_order([r.published_at.timestamp() for r in rows])
        for i, row in enumerate(rows):
            if i in keep:
                continue
            yield Finding(
                "order.time",
                "error",
                NEWS_LABELS[section],
                row_label(i + 1),
                f"{format_dtg(row.published_at)} ({row.summary[:40]}…) ไม่อยู่ตามลำดับเวลา",
                "ย้ายแถวไปไว้ตามลำดับเวลา",
                "order",
            )


def _label(parts: Sequence[int]) -> str:
    return to_thai_digits(".".join(str(p) for p in parts))


def _numbering(block: StandingBlock) -> Iterator[Finding]:
    """Dotted headings and (n) / n) items run 1, 2, 3 … under their parent."""
    places = block_passages(block)
    headings: dict[tuple[int, ...], int] = {}
    items: dict[str, int] = {}
    for line, place in zip(block.lines, places, strict=True):
        plain = to_arabic_digits(line.text)
        if m := _HEADING.match(plain):
            parts = tuple(int(p) for p in m.group(1).split("."))
            items.clear()
            previous = headings.get(parts[:-1])
            if previous is not None and parts[-1] != previous + 1:
                expected = (*parts[:-1], previous + 1)
                yield _numbering_finding(
                    place, _label(parts), _label(expected), parts[-1] <= previous
                )
            headings[parts[:-1]] = parts[-1]
            continue
        for style, pattern in (("(n)", _PAREN_ITEM), ("n)", _HALF_ITEM)):
            if m := pattern.match(plain):
                number = int(m.group(1))
                if style == "(n)":
                    items.pop("n)", None)
                previous = items.get(style, 0)
                if number != 1 and number != previous + 1:
                    shown = f"({number})" if style == "(n)" else f"{number})"
                    want = f"({previous + 1})" if style == "(n)" else f"{previous + 1})"
                    yield _numbering_finding(
                        place, to_thai_digits(shown), to_thai_digits(want), number <= previous
                    )
                items[style] = number
                break


def _numbering_finding(place: Passage, found: str, expected: str, repeat: bool) -> Finding:
    what = "ซ้ำหรือย้อนลำดับ" if repeat else "ข้ามลำดับ"
    return Finding(
        "order.numbering",
        "error",
        place.section,
        place.location,
        f"เลข {found} {what}",
        f"ควรเป็น {expected}",
        "order",
    )


def unit_order(ctx: Context) -> Iterator[Finding]:
    """The units of section ๒ follow the fixed order."""
    codes = [u.code for u in ctx.report.units if u.code in UNIT_ORDER]
    expected = sorted(codes, key=UNIT_ORDER.index)
    if codes != expected:
        yield Finding(
            "order.units",
            "error",
            "๒",
            "",
            "ลำดับหน่วยงาน: " + " ".join(codes),
            "เรียงเป็น " + " ".join(expected),
            "order",
        )


def check(ctx: Context) -> Iterator[Finding]:
    """All order rules over a report."""
    yield from time_order(ctx)
    for block in ctx.report.standing:
        yield from _numbering(block)
    yield from unit_order(ctx)

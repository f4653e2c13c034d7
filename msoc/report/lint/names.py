"""Names: places and people spelled two ways, places and reservoirs not known, unknown outlets."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from msoc.gazetteer import default_gazetteer
from msoc.report.importer.findings import edit_distance
from msoc.report.lint.finding import NEWS_LABELS, Context, Finding, n, passages, row_label
from msoc.report.lint.reference import LARGE_RESERVOIRS
from msoc.report.model import SECTIONS

SOURCES_FILE = Path(__file__).resolve().parents[2] / "data" / "news" / "sources.json"
_PERSON = re.compile(r"(?:นางสาว|นาย|นาง|คุณ)\s?([ก-๛]{2,})\s+([ก-๛]{2,}[ก-๛A-Za-z]*)")


def _f(
    rule: str, section: str, location: str, found: str, fix: str, severity: str = "warning"
) -> Finding:
    return Finding(rule, severity, section, location, found, fix, "names")  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def registry_sources() -> frozenset[str]:
    """Outlet names of the default source registry ('' set when the file is missing)."""
    try:
        data = json.loads(SOURCES_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return frozenset()
    return frozenset(s["name"] for s in data.get("sources", []) if s.get("name"))


def closest(name: str, candidates: Iterable[str], limit: int = 2) -> str | None:
    """The candidate within `limit` edits of name (the nearest; None if none or a tie)."""
    scored = sorted((edit_distance(name, c, limit), c) for c in candidates)
    scored = [s for s in scored if s[0] <= limit]
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]


def places(ctx: Context) -> Iterator[Finding]:
    """The ๑.๓ place column: known names, no misspelt aliases, one form per place."""
    gazetteer = default_gazetteer()
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    cells = []
    for s in SECTIONS:
        for i, row in enumerate(ctx.report.news_in(s), 1):
            for name in (p.strip() for p in re.split(r",|/| และ", row.place) if p.strip()):
                cells.append((NEWS_LABELS[s], row_label(i), name))
    for section, where, name in cells:
        place = gazetteer.resolve(name)
        if place is None:
            near = closest(name, gazetteer.names())
            fix = f"หรือหมายถึง {near!r}" if near else "ตรวจชื่อจังหวัดหรือประเทศ"
            yield _f(
                "names.place_unknown", section, where, f"สถานที่ {name!r} ไม่มีในทะเบียนชื่อสถานที่", fix
            )
            continue
        forms[place.name][name] += 1
        canonical = place.printed
        if (
            name != canonical
            and "." not in name
            and "ฯ" not in name
            and 0 < edit_distance(name, canonical, 2) <= 1
        ):
            yield _f(
                "names.place_misspelled",
                section,
                where,
                f"สถานที่ {name!r} สะกดผิด",
                f"เขียนเป็น {canonical!r}",
            )
    for section, where, name in cells:
        place = gazetteer.resolve(name)
        if place is None or len(forms[place.name]) < 2:
            continue
        usual = (
            place.printed
            if place.printed in forms[place.name]
            else forms[place.name].most_common(1)[0][0]
        )
        if name != usual and edit_distance(name, place.printed, 2) > 1:
            shown = " / ".join(forms[place.name])
            yield _f(
                "names.place_variant",
                section,
                where,
                f"{place.name} เขียนหลายแบบในรายงานเดียวกัน ({shown}): แถวนี้เขียน {name!r}",
                f"ใช้ {usual!r} ทุกแห่ง",
            )


def sources(ctx: Context) -> Iterator[Finding]:
    """Every ที่มา is an outlet of the source registry."""
    known: Collection[str] = ctx.sources if ctx.sources is not None else registry_sources()
    if not known:
        return
    for s in SECTIONS:
        for i, row in enumerate(ctx.report.news_in(s), 1):
            if row.source in known:
                continue
            near = closest(row.source, known, 3)
            fix = f"หรือหมายถึง {near!r}" if near else "เพิ่มแหล่งข่าวในทะเบียน หรือแก้ชื่อให้ตรงกับทะเบียน"
            yield _f(
                "names.source_unknown",
                NEWS_LABELS[s],
                row_label(i),
                f"ที่มา {row.source!r} ไม่มีในทะเบียนแหล่งข่าว",
                fix,
            )


def reservoirs(ctx: Context) -> Iterator[Finding]:
    """Reservoir names of ๑.๔ are names of the large reservoirs."""
    for i, rl in enumerate(ctx.report.disaster.reservoirs, 1):
        for name in rl.names:
            if name in LARGE_RESERVOIRS:
                continue
            near = closest(name, LARGE_RESERVOIRS, 2)
            fused = [
                a
                for a in LARGE_RESERVOIRS
                for b in LARGE_RESERVOIRS
                if len(name) > len(a)
                and name.startswith(a[:-3])
                and b.endswith(name[-5:])
                and a != b
            ]
            if near:
                fix = f"เขียนเป็น {LARGE_RESERVOIRS[near]!r}"
            elif fused:
                fix = "อาจเป็นชื่อสองอ่างพิมพ์ติดกัน ให้เว้นวรรคระหว่างชื่อ"
            else:
                fix = "ตรวจชื่ออ่างกับรายงานของกรมชลประทาน"
            yield _f(
                "names.reservoir",
                "๑.๔",
                f"รายการอ่างเก็บน้ำ {n(i)}",
                f"อ่าง {name!r} ไม่ใช่ชื่ออ่างขนาดใหญ่ที่รู้จัก",
                fix,
            )


def people(ctx: Context) -> Iterator[Finding]:
    """One person (same given name) written with two surnames one or two letters apart."""
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    spots: list[tuple[str, str, str, str]] = []
    for p in passages(ctx.report):
        for m in _PERSON.finditer(p.text):
            seen[m.group(1)][m.group(2)] += 1
            spots.append((p.section, p.location, m.group(1), m.group(2)))
    reported: set[tuple[str, str]] = set()
    for section, where, given, surname in spots:
        counts = seen[given]
        for other, count in counts.items():
            if other == surname or (given, surname) in reported:
                continue
            if (
                count > counts[surname]
                and edit_distance(surname, other, 2) <= 2
                and len(other) >= 4
            ):
                reported.add((given, surname))
                yield _f(
                    "names.person_variant",
                    section,
                    where,
                    f"{given} {surname} แต่ที่อื่นเขียน {given} {other} ({n(count)} ครั้ง)",
                    f"ตรวจการสะกดชื่อ อาจเป็น {given} {other}",
                )


def check(ctx: Context) -> Iterator[Finding]:
    """All name rules over a report."""
    yield from places(ctx)
    yield from sources(ctx)
    yield from reservoirs(ctx)
    yield from people(ctx)

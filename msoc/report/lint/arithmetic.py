"""Arithmetic: breakdowns against totals, averages against inputs, counts against lists."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from msoc.report.lint.budget import standing_checks
from msoc.report.lint.finding import Context, Finding, n
from msoc.report.lint.numbers import per_day_ok
from msoc.report.model import (
    HOTLINE_CHANNELS,
    HOTLINE_KINDS,
    HOTLINE_REFERRALS,
    HOTLINE_SERVICES,
    CovidWeek,
    Hotline,
)
from msoc.thai import days_inclusive, fiscal_year_bounds, fiscal_year_start, format_thai_date_short


def _finding(rule: str, section: str, location: str, found: str, fix: str) -> Finding:
    return Finding(rule, "error", section, location, found, fix, "arithmetic")


def _sum_check(
    name: str, labels: Mapping[str, str], values: Mapping[str, int | None], total: int, of: str
) -> Iterator[Finding]:
    present = [v for v in values.values() if v is not None]
    if not present:
        return
    parts = sum(present)
    if parts != total:
        shown = " + ".join(f"{labels[k]} {n(v)}" for k, v in values.items() if v is not None)
        yield _finding(
            "arith.breakdown",
            "๑.๕",
            name,
            f"{shown} = {n(parts)} ไม่เท่ากับ{of} {n(total)}",
            f"แก้ตัวเลขแยกตาม{name}ให้รวมได้ {n(total)} (ต่างกัน {n(parts - total)})",
        )


def hotline_checks(h: Hotline) -> Iterator[Finding]:
    """Every breakdown of ๑.๕ against the day's total (referrals against the referred count)."""
    total = h.total
    sexes = {"male": h.male, "female": h.female}
    yield from _sum_check("เพศ", {"male": "ชาย", "female": "หญิง"}, sexes, total, "ยอดรวม")
    yield from _sum_check("ช่องทาง", HOTLINE_CHANNELS, h.channels, total, "ยอดรวม")
    yield from _sum_check("การให้บริการ", HOTLINE_SERVICES, h.services, total, "ยอดรวม")
    referred = h.services.get("referred")
    if referred is not None:
        yield from _sum_check("การส่งต่อ", HOTLINE_REFERRALS, h.referrals, referred, "การประสานส่งต่อ")
    kinds_total = h.kinds_total if h.kinds_total is not None else total
    yield from _sum_check("ประเภทปัญหา", HOTLINE_KINDS, h.kinds, kinds_total, "ยอด 'รวม'")
    if h.kinds_total is not None and h.kinds_total != total:
        yield _finding(
            "arith.breakdown",
            "๑.๕",
            "ประเภทปัญหา",
            f"ยอด 'รวม' ท้ายประเภทปัญหา {n(h.kinds_total)} ไม่เท่ากับยอดความช่วยเหลือ {n(total)}",
            "ให้ยอดรวมทั้งสองแห่งตรงกัน",
        )
    yield from _fiscal_checks(h)


def _fiscal_checks(h: Hotline) -> Iterator[Finding]:
    fy = h.fiscal_year_to_date
    if fy is not None:
        days = days_inclusive(fy.start, fy.end)
        if days != fy.days:
            span = (
                f"{format_thai_date_short(fy.start, True)} - {format_thai_date_short(fy.end, True)}"
            )
            yield _finding(
                "arith.day_count",
                "๑.๕",
                "สถิติปีงบประมาณ",
                f"{span} นับได้ {n(days)} วัน แต่เขียน {n(fy.days)} วัน",
                f"แก้เป็น {n(days)} วัน",
            )
        if fy.start != fiscal_year_start(fy.end):
            yield _finding(
                "arith.day_count",
                "๑.๕",
                "สถิติปีงบประมาณ",
                f"ปีงบประมาณเริ่ม {format_thai_date_short(fy.start, True)}",
                f"ปีงบประมาณเริ่ม {format_thai_date_short(fiscal_year_start(fy.end), True)}",
            )
        if not per_day_ok(fy.per_day, fy.total, fy.days):
            yield _average("สถิติปีงบประมาณ", fy.per_day, fy.total, fy.days, "๑.๕")
    prev = h.previous_fiscal_year
    if prev is not None:
        start, end = fiscal_year_bounds(prev.year_be)
        days = days_inclusive(start, end)
        if not per_day_ok(prev.per_day, prev.total, days):
            yield _average("ปีงบประมาณก่อน", prev.per_day, prev.total, days, "๑.๕")


def _average(where: str, stated: int, total: int, days: int, section: str) -> Finding:
    exact = total / days
    return Finding(
        "arith.average",
        "error",
        section,
        where,
        f"เฉลี่ย {n(stated)} ต่อวัน แต่ {n(total)} ÷ {n(days)} วัน = {n(round(exact, 2))}",
        f"แก้ค่าเฉลี่ยเป็น {n(int(exact + 0.5))}",
        "arithmetic",
    )


def covid_checks(cw: CovidWeek) -> Iterator[Finding]:
    """The weekly range is seven days; the averages per day agree with the weekly counts."""
    days = days_inclusive(cw.start, cw.end)
    if days != 7:
        yield _finding(
            "arith.day_count",
            "๑.๒",
            "ตัวเลขโควิด 19 รายสัปดาห์",
            f"ช่วง {format_thai_date_short(cw.start)} - {format_thai_date_short(cw.end)} "
            f"มี {n(days)} วัน ไม่ใช่ ๗ วัน",
            "ตรวจวันเริ่มและวันสิ้นสุดของสัปดาห์",
        )
    if not per_day_ok(cw.new_cases_per_day, cw.new_cases, days):
        yield _average("ผู้ติดเชื้อรายใหม่", cw.new_cases_per_day, cw.new_cases, days, "๑.๒")
    if not per_day_ok(cw.new_deaths_per_day, cw.new_deaths, days):
        yield _average("ผู้เสียชีวิตรายใหม่", cw.new_deaths_per_day, cw.new_deaths, days, "๑.๒")
    for part, whole, label in (
        (cw.new_cases, cw.cumulative_cases, "ผู้ติดเชื้อ"),
        (cw.new_deaths, cw.cumulative_deaths, "ผู้เสียชีวิต"),
    ):
        if part > whole:
            yield _finding(
                "arith.breakdown",
                "๑.๒",
                "ตัวเลขโควิด 19 รายสัปดาห์",
                f"{label}รายใหม่ {n(part)} มากกว่ายอดสะสม {n(whole)}",
                "ยอดสะสมต้องไม่น้อยกว่ายอดรายใหม่",
            )


def reservoir_checks(ctx: Context) -> Iterator[Finding]:
    """Each stated number of reservoirs against the names listed after it."""
    for i, rl in enumerate(ctx.report.disaster.reservoirs, 1):
        if rl.names and rl.count != len(rl.names):
            yield _finding(
                "arith.list_count",
                "๑.๔",
                f"รายการอ่างเก็บน้ำ {n(i)}",
                f"เขียนว่า {n(rl.count)} อ่าง แต่ระบุชื่อ {n(len(rl.names))} ชื่อ: {' '.join(rl.names)}",
                "ตรวจจำนวนอ่างหรือรายชื่อ (ชื่อที่พิมพ์ติดกันหรือขาดหาย)",
            )


def hazard_checks(ctx: Context) -> Iterator[Finding]:
    """Each ๑.๔ hazard line: reached is its three parts, and the statuses add up to the households."""
    for i, h in enumerate(ctx.report.disaster.hazards, 1):
        where = f"ครัวเรือนในพื้นที่ภัย {n(i)}"
        parts = h.contacted + h.visited + h.helped
        if parts != h.reached:
            yield _finding(
                "arith.breakdown",
                "๑.๔",
                where,
                f"ติดต่อ {n(h.contacted)} + เยี่ยมบ้าน {n(h.visited)} + ช่วยเหลือ {n(h.helped)} "
                f"= {n(parts)} ไม่เท่ากับติดต่อได้แล้ว {n(h.reached)}",
                f"แก้ยอดติดต่อได้แล้วเป็น {n(parts)}",
            )
        whole = h.reached + h.unreachable + h.pending
        if whole != h.households:
            yield _finding(
                "arith.breakdown",
                "๑.๔",
                where,
                f"ติดต่อได้ {n(h.reached)} + ติดต่อไม่ได้ {n(h.unreachable)} + ยังไม่ได้ติดต่อ "
                f"{n(h.pending)} = {n(whole)} ไม่เท่ากับครัวเรือนในพื้นที่ {n(h.households)}",
                "สร้างรายงานใหม่จากข้อมูลปัจจุบัน",
            )
        if h.vulnerable > h.households:
            yield _finding(
                "arith.breakdown",
                "๑.๔",
                where,
                f"ครัวเรือนเปราะบาง {n(h.vulnerable)} มากกว่าครัวเรือนในพื้นที่ {n(h.households)}",
                "สร้างรายงานใหม่จากข้อมูลปัจจุบัน",
            )


def check(ctx: Context) -> Iterator[Finding]:
    """All arithmetic rules over a report."""
    report = ctx.report
    if report.hotline is not None:
        yield from hotline_checks(report.hotline)
    if report.situation.covid_week is not None:
        yield from covid_checks(report.situation.covid_week)
    yield from reservoir_checks(ctx)
    yield from hazard_checks(ctx)
    yield from standing_checks(ctx)

"""Section ๕.๒ budgets: programme tables as data, totals computed, rendered as standing lines.

`plan_lines` renders a unit's plan as the report's `Line`s (heading with the computed total,
numbered programmes, project paragraph with budget and targets, detail bullets).
`merge_plan` puts those lines into the ๕.๒ standing block (replacing the unit's heading and
its first programmes, keeping the items after them); `actions.do_apply_budgets` stores a new
version of the block the way standing content is versioned, so a report takes the version in
force on its date.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from msoc.apps.reports.models_budget import BudgetPlan, BudgetProgramme
from msoc.report.model import Line
from msoc.thai import format_number, to_thai_digits

FOUR = Decimal("0.0001")
SECTION_TITLE = "การขับเคลื่อนนโยบายสู่การปฏิบัติ"


class BudgetError(ValueError):
    """Budget data that cannot be stored, with the reason in Thai."""


@dataclass
class ProgrammeData:
    """One programme as plain data (what a budget file holds)."""

    programme: str
    amount: Decimal
    project: str = ""
    targets: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    details: list[str] = dataclasses.field(default_factory=list)


def plan_total(programmes: Sequence[ProgrammeData | BudgetProgramme]) -> Decimal:
    """A plan's total: the sum of its programmes, to four decimals."""
    return sum((Decimal(p.amount) for p in programmes), Decimal(0)).quantize(FOUR)


def million(amount: Decimal) -> str:
    """'๑,๘๒๒.๑๑๔๕' — million baht with four decimals in Thai digits."""
    return format_number(Decimal(amount).quantize(FOUR), 4)


def targets_text(targets: list[dict[str, Any]]) -> str:
    """'เป้าหมาย ๑,๒๕๓,๓๐๕ ราย จำนวน ๒๐ องค์กร' from [{value, unit, lead?}, …]."""
    parts = []
    for i, t in enumerate(targets):
        lead = t.get("lead", "เป้าหมาย" if i == 0 else "จำนวน")
        value = format_number(int(t["value"])) if t.get("value") is not None else ""
        parts.append(" ".join(x for x in (lead, value, t.get("unit", "")) if x))
    return " ".join(parts)


def plan_lines(
    title: str, programmes: Sequence[ProgrammeData | BudgetProgramme], number: str
) -> list[Line]:
    """A unit's plan as standing lines: heading with computed total, then each programme."""
    lines = [
        Line(
            "heading",
            f"{number} {title} งบประมาณรวมจำนวน {million(plan_total(programmes))} ล้านบาท",
            1,
        )
    ]
    for index, p in enumerate(programmes, start=1):
        lines.append(Line("numbered", f"({to_thai_digits(str(index))}) {p.programme}"))
        body = " ".join(
            x
            for x in (
                p.project,
                f"งบประมาณ {million(Decimal(p.amount))} ล้านบาท",
                targets_text(list(p.targets)),
            )
            if x  # fmt: skip
        )
        lines.append(Line("paragraph", body))
        lines.extend(Line("bullet", d) for d in p.details)
    return lines


# --- reading budget files ---------------------------------------------------------------------


def read_budget_file(path: Path) -> list[dict[str, Any]]:
    """Plans from a JSON file: [{unit, fiscal_year, title, programmes: [...]}, …]; checked."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise BudgetError(f"{path}: อ่านไฟล์งบประมาณไม่ได้ ({exc})") from exc
    plans = data.get("plans") if isinstance(data, dict) else data
    if not isinstance(plans, list):
        raise BudgetError(f"{path}: ต้องมีรายการ plans")
    return [_check_plan(p, f"{path} แผนที่ {i}") for i, p in enumerate(plans, start=1)]


def _check_plan(plan: dict[str, Any], where: str) -> dict[str, Any]:
    for key in ("unit", "fiscal_year", "title", "programmes"):
        if key not in plan:
            raise BudgetError(f"{where}: ไม่มีช่อง {key}")
    programmes = []
    for i, p in enumerate(plan["programmes"], start=1):
        try:
            amount = Decimal(str(p["amount"]))
        except (KeyError, InvalidOperation) as exc:
            raise BudgetError(f"{where} โครงการที่ {i}: งบประมาณไม่ถูกต้อง") from exc
        if amount < 0 or amount != amount.quantize(FOUR):
            raise BudgetError(f"{where} โครงการที่ {i}: งบประมาณต้องไม่ติดลบและมีทศนิยมไม่เกิน ๔ ตำแหน่ง")
        for t in p.get("targets", []):
            if "unit" not in t or ("value" in t and int(t["value"]) < 0):
                raise BudgetError(f"{where} โครงการที่ {i}: เป้าหมายต้องมี unit และจำนวนไม่ติดลบ")
        programmes.append(
            ProgrammeData(
                programme=p["programme"],
                amount=amount,
                project=p.get("project", ""),
                targets=list(p.get("targets", [])),
                details=list(p.get("details", [])),
            )  # fmt: skip
        )
    return {**plan, "programmes": programmes}


# --- into the ๕.๒ standing block ---------------------------------------------------------------


def _unit_span(lines: list[Line], code: str) -> tuple[int, int] | None:
    """Start and end (exclusive) of a unit's subsection in the ๕.๒ lines."""
    start = next(
        (i for i, ln in enumerate(lines) if ln.kind == "heading" and f"({code})" in ln.text), None
    )
    if start is None:
        return None
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].kind == "heading" and lines[i].level <= lines[start].level),
        len(lines),
    )  # fmt: skip
    return start, end


def merge_plan(lines: list[Line], plan: BudgetPlan) -> list[Line]:
    """The ๕.๒ lines with a unit's heading and first programmes generated from its plan."""
    programmes = list(plan.programmes.order_by("position"))
    span = _unit_span(lines, plan.unit.code)
    if span is None:
        number = f"๕.๒.{to_thai_digits(str(1 + sum(ln.kind == 'heading' and ln.level == 1 for ln in lines)))}"
        return [*lines, *plan_lines(plan.title, programmes, number)]
    start, end = span
    number = lines[start].text.split(" ", 1)[0]
    numbered = [i for i in range(start + 1, end) if lines[i].kind == "numbered"]
    # Items after the programmes (expected results, flagship projects …) stay as typed.
    keep_from = numbered[len(programmes)] if len(numbered) > len(programmes) else end
    generated = plan_lines(plan.title, programmes, number)
    return [*lines[:start], *generated, *lines[keep_from:end], *lines[end:]]


def heading_total(text: str) -> Decimal | None:
    """The total a ๕.๒ heading states ('… งบประมาณรวมจำนวน ๑,๘๒๒.๐๔๔๕ ล้านบาท')."""
    from msoc.thai import to_arabic_digits

    m = re.search(r"งบประมาณรวมจำนวน\s*([\d,.]+)\s*ล้านบาท", to_arabic_digits(text))
    return Decimal(m.group(1).replace(",", "")) if m else None

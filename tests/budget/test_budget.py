"""๕.๒ budgets: totals computed from parts, rendered as standing lines, versioned."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from msoc.apps.reports.actions.budget import do_apply_budgets, do_save_plan
from msoc.apps.reports.budget import (
    BudgetError,
    heading_total,
    plan_lines,
    plan_total,
    read_budget_file,
)
from msoc.apps.reports.build import standing_for
from msoc.apps.reports.services import import_report_file
from tests.conftest import ROOT

BUDGET = ROOT / "msoc" / "data" / "demo" / "budget-2566.json"
DAY = date(2023, 5, 3)


def test_total_is_the_sum_of_the_programmes() -> None:
    [plan] = read_budget_file(BUDGET)
    assert len(plan["programmes"]) == 7
    # The sample states 1,822.0445; its seven programmes add up to 1,822.1145.
    assert plan_total(plan["programmes"]) == Decimal("1822.1145")
    lines = plan_lines(plan["title"], plan["programmes"], "๕.๒.๑")
    assert heading_total(lines[0].text) == Decimal("1822.1145")
    assert lines[1].text == "(๑) แผนงานยุทธศาสตร์เสริมสร้างพลังทางสังคม"
    assert lines[2].text.endswith("งบประมาณ ๑๙๗.๙๗๕๐ ล้านบาท เป้าหมาย ๑,๒๕๓,๓๐๕ ราย จำนวน ๒๐ องค์กร")
    assert sum(heading_total(f"งบประมาณรวมจำนวน {ln.text.split('งบประมาณ ')[1]}") or 0
               for ln in lines if ln.kind == "paragraph") == plan_total(plan["programmes"])  # fmt: skip


def test_bad_budget_files(tmp_path: Path) -> None:
    bad = {"plans": [{"unit": "พส.", "fiscal_year": 2566, "title": "t",
                      "programmes": [{"programme": "p", "amount": "1.23456"}]}]}  # fmt: skip
    (tmp_path / "b.json").write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(BudgetError, match="ทศนิยมไม่เกิน ๔"):
        read_budget_file(tmp_path / "b.json")
    bad["plans"][0].pop("title")
    (tmp_path / "b.json").write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(BudgetError, match="title"):
        read_budget_file(tmp_path / "b.json")


@pytest.mark.django_db
def test_budget_lines_replace_the_typed_ones_in_a_new_version(sample_report_path: Path) -> None:
    import_report_file(sample_report_path)
    before = next(b for b in standing_for(DAY) if b.key == "section5_2")
    assert heading_total(before.lines[0].text) == Decimal("1822.0445")
    [plan] = read_budget_file(BUDGET)
    do_save_plan(plan["unit"], 2566, plan["title"], plan["programmes"], actor=None)
    block = do_apply_budgets(DAY, 2566)
    assert block.version == before.version + 1
    after = next(b for b in standing_for(DAY) if b.key == "section5_2")
    assert heading_total(after.lines[0].text) == Decimal("1822.1145")
    assert after.lines[0].text.startswith("๕.๒.๑ ")
    assert len(after.lines) == len(before.lines)  # items (๘)-(๑๐) and other units kept
    assert [ln.text for ln in after.lines[40:]] == [ln.text for ln in before.lines[40:]]
    assert do_apply_budgets(DAY, 2566).version == block.version  # unchanged: no new version
    with pytest.raises(BudgetError):
        do_apply_budgets(DAY, 2570)

"""Browser test of hazards (issue 21): a province officer records a visit and sees the count change.

Screenshots go to test-output/screenshots/hazard-*.png.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.web.browser import BROWSER_MARKS

pytestmark = BROWSER_MARKS
PASSWORD = "msoc-test-password-1"


def _flood_over_korat(title: str) -> tuple[Any, Any]:
    """The test world, korat's account and a flood over its two districts and one of ชัยภูมิ."""
    from msoc.apps.accounts.actions import do_add_user
    from msoc.apps.hazards.actions import HazardFields, do_add_hazard
    from tests.hazards.world import make_world

    world = make_world()
    do_add_user("korat", PASSWORD, "province:นครราชสีมา")
    hazard, _ = do_add_hazard(
        HazardFields(title=title, kind="flood", starts_on=timezone.localdate(),
                     districts=[*world.districts, world.chaiyaphum_district])
    )  # fmt: skip
    return world, hazard


def _login_as_korat(browser: Any, base: str, height: int, errors: list[str] | None = None) -> Any:
    page = browser.new_page(viewport={"width": 1400, "height": height})
    if errors is not None:  # console errors from the first page on
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/login")
    page.fill("input[name=username]", "korat")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    return page


@pytest.mark.django_db(transaction=True)
def test_officer_records_a_visit_and_the_count_changes(
    live_server: Any, browser: Any, shots: Path
) -> None:
    from msoc.apps.hazards.services import impact_of

    _, hazard = _flood_over_korat("เตือนภัยน้ำท่วมทดสอบ")
    first = impact_of(hazard).rows[0]
    base = live_server.url
    errors: list[str] = []
    page = _login_as_korat(browser, base, 1000, errors)

    page.click("header >> text=พื้นที่ภัย")
    expect(page.locator(f"#hazard-{hazard.pk}")).to_contain_text("เตือนภัยน้ำท่วมทดสอบ")
    page.screenshot(path=str(shots / "hazard-list.png"), full_page=True)
    page.click(f"#hazard-{hazard.pk} a")
    page.wait_for_url(f"{base}/hazards/{hazard.pk}/")
    expect(page.locator("#count-visited")).to_have_text("0")
    row = page.locator(f"#hh-{first.household_id}")
    expect(row.locator(".reasons")).to_contain_text(first.reasons[0])
    assert "ชัยภูมิ" not in page.inner_text("table.impact")
    row.locator("select[name=status]").select_option("visited")
    row.locator("input[name=note]").fill("เยี่ยมบ้าน ผู้ป่วยติดเตียงปลอดภัย")
    row.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("บันทึกผลการติดตาม")
    expect(page.locator("#count-visited")).to_have_text("1")
    expect(page.locator("#count-reached")).to_have_text("1")
    expect(page.locator(f"#hh-{first.household_id} .status-cell")).to_contain_text("เยี่ยมบ้านแล้ว")
    page.screenshot(path=str(shots / "hazard-detail.png"), full_page=False)
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_hazard_outline_over_the_subdistrict_map_counts_households(
    live_server: Any, browser: Any, shots: Path
) -> None:
    from collections import Counter

    from msoc.apps.register.models import Household
    from msoc.register.areas import default_areas
    from msoc.thai import to_thai_digits
    from tests.hazards.world import KORAT

    world, hazard = _flood_over_korat("น้ำท่วมสองอำเภอ")
    per_sub = Counter(
        Household.objects.filter(district_code__in=world.districts).values_list(
            "subdistrict_code", flat=True
        )
    )
    areas = default_areas()
    base = live_server.url
    page = _login_as_korat(browser, base, 1100)
    page.goto(f"{base}/hazards/{hazard.pk}/")

    figure = page.locator("figure.areamap.level-subdistrict")
    drawn = [
        int(c)
        for c in figure.locator("path.area").evaluate_all("ps => ps.map(p => p.dataset.code)")
    ]
    assert len(drawn) > 200 and {areas.province_of_subdistrict(c) for c in drawn} == {KORAT}
    expect(figure.locator("g.outline path")).to_have_count(2)  # korat sees only its two districts
    outside = next(c for c in drawn if areas.subdistricts[c][1] == world.other_district)
    assert "blank" in (figure.locator(f"path[data-code='{outside}']").get_attribute("class") or "")
    rows = page.locator("table.subdistricts tbody tr")
    expect(rows).to_have_count(len(per_sub))
    for code, n in per_sub.items():
        area = figure.locator(f"path[data-code='{code}']")
        swatch = page.locator(f"#area-{code} svg.swatch rect")
        assert area.get_attribute("fill") == swatch.get_attribute("fill")
        assert f"{to_thai_digits(str(n))} ครัวเรือน" in (area.locator("title").text_content() or "")
        assert page.locator(f"#area-{code} td.num").first.inner_text() == str(n)
    busiest = per_sub.most_common(1)[0][0]
    page.locator("figure.areamap").screenshot(path=str(shots / "hazard-map.png"))
    page.locator("section.hazard-map").screenshot(path=str(shots / "hazard-map-table.png"))
    figure.locator(f"a:has(path[data-code='{busiest}'])").click()
    page.wait_for_url(f"**/hazards/{hazard.pk}/#area-{busiest}")

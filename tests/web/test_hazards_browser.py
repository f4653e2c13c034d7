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


@pytest.mark.django_db(transaction=True)
def test_officer_records_a_visit_and_the_count_changes(
    live_server: Any, browser: Any, shots: Path
) -> None:
    from msoc.apps.accounts.actions import do_add_user
    from msoc.apps.hazards.actions import HazardFields, do_add_hazard
    from msoc.apps.hazards.services import impact_of
    from tests.hazards.world import make_world

    world = make_world()
    do_add_user("korat", PASSWORD, "province:นครราชสีมา")
    hazard, _ = do_add_hazard(
        HazardFields(title="เตือนภัยน้ำท่วมทดสอบ", kind="flood", starts_on=timezone.localdate(),
                     districts=[*world.districts, world.chaiyaphum_district])
    )  # fmt: skip
    first = impact_of(hazard).rows[0]
    base = live_server.url
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/login")
    page.fill("input[name=username]", "korat")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")

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

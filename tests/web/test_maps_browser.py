"""Browser test of the poverty map (issue 20): drill province → district → sub-district → list.

A province officer of นครราชสีมา clicks through the real-boundary map; at each level the colour
of every shaded area equals the swatch of its row in the table. Screenshots go to
test-output/screenshots/map-*.png.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.web.browser import BROWSER_MARKS
from tests.web.conftest import PASSWORD
from tests.web.test_register_pages import NMA, make_area, make_register_world

pytestmark = BROWSER_MARKS


def _colours_match_table(page: Any) -> int:
    """Every table row with a swatch has the same fill as its area on the map; returns the count."""
    pairs = page.evaluate(
        """() => [...document.querySelectorAll('table.areas tr[data-code]')]
              .filter(tr => tr.querySelector('svg.swatch rect'))
              .map(tr => {
                const code = tr.dataset.code;
                const path = document.querySelector(`figure.areamap path[data-code="${code}"]`);
                return [code, tr.querySelector('svg.swatch rect').getAttribute('fill'),
                        path ? path.getAttribute('fill') : null];
              })"""
    )
    for code, swatch, fill in pairs:
        assert fill == swatch, (code, swatch, fill)
    return len(pairs)


@pytest.mark.django_db(transaction=True)
def test_poverty_map_drills_down_to_target_households(
    live_server: Any, browser: Any, users: Any, shots: Path
) -> None:
    make_register_world(users)
    make_area("subdistrict", 300102, "โพธิ์กลาง", 0.09, 4_000)
    make_area("subdistrict", 300103, "หนองจะบก", 0.02, 150)
    base = live_server.url
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/login")
    page.fill("input[name=username]", "province-user")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/households/poverty/?shade=tpmap")
    assert page.locator("figure.areamap path").count() == 77  # every province drawn
    assert page.locator("figure.areamap a").count() == 1  # only the officer's own is a link
    assert _colours_match_table(page) == 1
    expect(page.locator("figure.areamap figcaption")).to_contain_text("OCHA")
    page.screenshot(path=str(shots / "map-provinces.png"), full_page=True)

    page.locator(f'figure.areamap path[data-code="{NMA}"]').click()
    page.wait_for_url(f"**/households/poverty/?province={NMA}&shade=tpmap")
    assert page.locator("figure.areamap path").count() >= 30  # the districts of นครราชสีมา
    assert _colours_match_table(page) == 2
    dark = page.locator('figure.areamap path[data-code="3001"]').get_attribute("fill")
    light = page.locator('figure.areamap path[data-code="3002"]').get_attribute("fill")
    assert dark != light  # 6,000 and 2,500 target households fall in different bands
    page.screenshot(path=str(shots / "map-districts.png"), full_page=True)

    page.focus('figure.areamap a:has(path[data-code="3001"])')  # keyboard: focus and Enter
    page.keyboard.press("Enter")
    page.wait_for_url("**/households/poverty/?district=3001&shade=tpmap")
    assert _colours_match_table(page) == 3
    expect(page.locator("table.areas")).to_contain_text("โพธิ์กลาง")
    page.screenshot(path=str(shots / "map-subdistricts.png"), full_page=True)

    page.locator('figure.areamap path[data-code="300101"]').click()
    page.wait_for_url("**/households/?province=19&district=3001&subdistrict=300101*")
    expect(page.locator("main")).to_contain_text("NMA-0001")
    assert not [e for e in errors if "Content Security Policy" in e], errors

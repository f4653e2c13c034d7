"""The open-alerts count in the navigation bar, read in a real browser: it must be legible."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.browser import BROWSER_MARKS
from tests.web.conftest import PASSWORD

pytestmark = BROWSER_MARKS

_CONTRAST = """el => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => v / 255)
    .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const style = getComputedStyle(el);
  const [a, b] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


@pytest.mark.django_db(transaction=True)
def test_the_open_alerts_badge_is_legible(alert: Any, live_server: Any, browser: Any) -> None:
    from msoc.apps.accounts.actions import do_add_user

    do_add_user("viewer-badge", PASSWORD, "viewer")
    page = browser.new_page(viewport={"width": 1400, "height": 800})
    page.goto(f"{live_server.url}/login")
    page.fill("input[name=username]", "viewer-badge")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    badge = page.locator("header .badge.alerts-open")
    assert badge.inner_text() == "1"
    assert badge.evaluate(_CONTRAST) >= 4.5  # WCAG AA for text

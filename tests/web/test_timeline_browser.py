"""The morning timeline follows today's report from draft to sent, in a browser (issue 22)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.alerts.conftest import Inbox, make_list, smtp_server  # noqa: F401 - fixtures
from tests.alerts.conftest import inbox as inbox  # noqa: F401 - fixture
from tests.web.browser import BROWSER_MARKS
from tests.web.conftest import PASSWORD

pytestmark = BROWSER_MARKS


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def _state(page: Any, base: str, step: str) -> str:
    page.goto(f"{base}/")
    return str(page.get_attribute(f"#timeline li[data-step={step}]", "data-state"))


@pytest.mark.django_db(transaction=True)
def test_timeline_follows_a_report_from_draft_to_sent(
    live_server: Any, browser: Any, users: Any, inbox: Inbox, shots: Path
) -> None:

    make_list("ผู้บริหาร", [("ปพม.", "boss@m-society.go.th")])
    today = timezone.localdate().isoformat()
    base = live_server.url
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.on("dialog", lambda d: d.accept())
    _login(page, base, "editor-user")
    steps = page.locator("#timeline li").evaluate_all("els => els.map(e => e.dataset.step)")
    assert steps == ["cutoff", "units", "hotline", "draft", "checks", "issued", "sent"]
    assert _state(page, base, "draft") == "waiting" and _state(page, base, "hotline") == "waiting"

    page.goto(f"{base}/reports/{today}/")
    page.click("text=สร้างร่างรายงาน")
    page.wait_for_selector("text=ดึงข่าวที่รับแล้วเข้ารายงาน")
    assert _state(page, base, "draft") == "done"
    assert "editor-user" in page.inner_text("#timeline li[data-step=draft]")
    assert _state(page, base, "issued") == "waiting"

    page.goto(f"{base}/entry/hotline/{today}/")
    page.fill("input[name=total]", "350")
    page.click("form.figures button[type=submit]")
    assert _state(page, base, "hotline") == "done"

    page.goto(f"{base}/reports/{today}/")
    reasons = page.locator(".findings input[name^='override_reason_']")
    for n in range(reasons.count()):
        reasons.nth(n).fill("ยืนยันออกตามที่ผู้อำนวยการสั่ง")
    page.click("button:has-text('ออกรายงาน')")
    page.wait_for_selector("text=ออกรายงานแล้ว")
    assert _state(page, base, "issued") == "done" and _state(page, base, "checks") == "done"
    assert _state(page, base, "sent") == "waiting"
    assert "๐/๑" in page.inner_text("#timeline li[data-step=sent]")

    from msoc.jobs import run_jobs

    assert run_jobs() >= 1  # the DOCX/PDF job releases the held mail and sends it
    assert len(inbox.to("boss@m-society.go.th")) == 1
    assert _state(page, base, "sent") == "done"
    sent = page.inner_text("#timeline li[data-step=sent]")
    assert "๑/๑" in sent and "editor-user" in sent
    page.screenshot(path=str(shots / "home-timeline.png"), full_page=True)

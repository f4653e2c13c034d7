"""Browser test of the register (issue 10): a province office finds, understands and helps.

A province officer of นครราชสีมา opens the ranked screening list, opens the riskiest household,
sees why (deprived indicators and the score's factors), records help and consent, and follows a
referral to done. Screenshots go to test-output/screenshots/register-*.png.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.web.browser import BROWSER_MARKS
from tests.web.conftest import PASSWORD
from tests.web.test_register_pages import make_register_world

pytestmark = BROWSER_MARKS


@pytest.mark.django_db(transaction=True)
def test_province_officer_finds_understands_helps_and_refers(
    live_server: Any, browser: Any, users: Any, shots: Path
) -> None:
    from msoc.apps.register.models import Assistance, Consent, Referral

    world = make_register_world(users)
    base = live_server.url
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/login")
    page.fill("input[name=username]", "province-user")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    assert "ทะเบียนครัวเรือน" in page.inner_text("header")

    page.click("header >> text=ทะเบียนครัวเรือน")
    page.click("nav.tabs >> text=รายชื่อคัดกรองความเสี่ยง")
    expect(page.locator("h1")).to_contain_text("นครราชสีมา")
    expect(page.locator(".advisory").first).to_contain_text("ไม่ได้ตัดสิน")
    first = page.locator("table.screening tbody tr").first
    expect(first).to_contain_text("NMA-0001")
    assert "CPM-0001" not in page.inner_text("main")
    page.screenshot(path=str(shots / "register-screening.png"), full_page=True)

    first.locator("a").first.click()
    page.wait_for_url(f"{base}/households/{world.h19.pk}/")
    why = page.inner_text("#why")
    assert "ที่อยู่อาศัยไม่มั่นคง" in why and "ความเป็นอยู่" in why and "คนจนเป้าหมาย" in why
    assert "หัวหน้าครัวเรือนเป็นผู้สูงอายุ" in page.inner_text("#screening")
    page.screenshot(path=str(shots / "register-profile.png"), full_page=False)

    help_ = page.locator("#assistance")
    help_.locator("summary").click()
    help_.locator("select[name=help-unit]").select_option(label="พส. กรมพัฒนาสังคมและสวัสดิการ")
    help_.locator("select[name=help-kind]").select_option("cash")
    help_.locator("input[name=help-amount]").fill("3000")
    help_.locator("select[name=help-result]").select_option("given")
    help_.locator("textarea[name=help-note]").fill("เงินสงเคราะห์ครอบครัวผู้มีรายได้น้อย")
    help_.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("บันทึกความช่วยเหลือแล้ว")
    expect(page.locator("#assistance table")).to_contain_text("3,000.00")

    consent = page.locator("#consents")
    consent.locator("input[name=consent-given_by]").fill("นางบุญมี ศรีสุข")
    consent.locator("select[name=consent-method]").select_option("signed")
    consent.locator("button[type=submit]:has-text('บันทึกความยินยอม')").click()
    expect(page.locator(".messages")).to_contain_text("บันทึกความยินยอมแล้ว")

    referral = page.locator("#referrals")
    referral.locator("summary").click()
    referral.locator("select[name=referral-from_unit]").select_option(label="พส. กรมพัฒนาสังคมและสวัสดิการ")  # fmt: skip
    referral.locator("select[name=referral-to_unit]").select_option(label="ผส. กรมกิจการผู้สูงอายุ")
    referral.locator("textarea[name=referral-reason]").fill("ผู้สูงอายุไม่มีรายได้ ต้องการการดูแล")
    referral.locator("select[name=referral-consent]").select_option(index=1)
    page.screenshot(path=str(shots / "register-referral-form.png"), full_page=True)
    referral.locator("button[type=submit]:has-text('ส่งต่อ')").last.click()
    expect(page.locator(".messages")).to_contain_text("ส่งต่อแล้ว")

    card = page.locator("#referrals .referral").first
    card.locator("input[name=note]").fill("ผส. รับเรื่องแล้ว นัดเยี่ยมบ้าน")
    card.locator("button[value=accepted]").click()
    expect(page.locator(".messages")).to_contain_text("รับเรื่องแล้ว")
    page.locator("#referrals .referral").first.locator("button[value=done]").click()
    expect(page.locator(".messages")).to_contain_text("ดำเนินการเสร็จสิ้น")
    expect(page.locator("#referrals .timeline li")).to_have_count(3)
    page.locator("#referrals").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "register-profile-done.png"), full_page=True)

    assert Assistance.objects.filter(household=world.h19).count() == 1
    assert Consent.objects.filter(household=world.h19).count() == 1
    assert Referral.objects.get(household=world.h19).status == "done"

    page.goto(f"{base}/households/poverty/?province=19")
    expect(page.locator("table.areas")).to_contain_text("เมืองนครราชสีมา")
    page.screenshot(path=str(shots / "register-poverty.png"), full_page=True)
    page.goto(f"{base}/households/duplicates/")
    page.screenshot(path=str(shots / "register-duplicates.png"), full_page=True)
    page.goto(f"{base}/households/?q=สมชาย")
    page.screenshot(path=str(shots / "register-search.png"), full_page=False)
    assert page.goto(f"{base}/households/{world.h25.pk}/").status == 403
    assert not [e for e in errors if "Content Security Policy" in e], errors

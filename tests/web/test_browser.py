"""Browser tests: headless Debian Chromium (Playwright) against the live server.

Log in, review items, build and issue a report, download its PDF, search, and check that a unit
contributor cannot reach another unit's data. Screenshots go to test-output/screenshots/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from msoc.jobs import run_jobs
from tests.web.browser import BROWSER_MARKS
from tests.web.conftest import OTHER_DAY, PASSWORD, add_item, at

OD = OTHER_DAY.isoformat()

pytestmark = BROWSER_MARKS


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def _seed(sample: Any) -> list[Any]:
    from msoc.apps.news.models import Source

    source = Source.objects.create(name="มติชน")
    return [
        add_item(
            source,
            201,
            "น้ำท่วมฉับพลันที่ลำปาง ชาวบ้านอพยพ",
            when=at(OTHER_DAY, 1),
            place="ลำปาง",
            topics=["อุทกภัย"],
            summary="เกิดน้ำท่วมฉับพลันในอำเภอเมืองลำปาง ชาวบ้านอพยพ ๒๐ ครัวเรือน",
        ),
        add_item(
            source,
            202,
            "พม. ลงพื้นที่ช่วยเหลือผู้สูงอายุ",
            when=at(OTHER_DAY, 2),
            section="ministry",
            place="นนทบุรี",
            summary="พม. ลงพื้นที่ช่วยเหลือผู้สูงอายุที่ถูกทอดทิ้ง",
        ),
        add_item(source, 203, "ข่าวบันเทิงไม่เกี่ยวข้อง", when=at(OTHER_DAY, 3), place=None),
    ]


@pytest.mark.django_db(transaction=True)
def test_editor_reviews_builds_issues_downloads_and_searches(
    live_server: Any, browser: Any, users: Any, sample: Any, shots: Path
) -> None:
    items = _seed(sample)
    base = live_server.url
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    errors: list[str] = []
    page.on(
        "console",
        lambda m: (
            errors.append(f"{page.url} {m.location} {m.text[:80]}") if m.type == "error" else None
        ),
    )
    _login(page, base, "editor-user")
    page.screenshot(path=str(shots / "home.png"), full_page=False)

    page.goto(f"{base}/review/?day={OD}")
    page.click(f"#item-{items[0].pk} button[data-key=a]")
    page.wait_for_selector(f"#item-{items[0].pk}.st-accepted")
    page.focus(f"#item-{items[1].pk}")
    page.keyboard.press("a")  # the keyboard shortcut
    page.wait_for_selector(f"#item-{items[1].pk}.st-accepted")
    page.click(f"#item-{items[2].pk} button[data-key=x]")
    page.wait_for_selector(f"#item-{items[2].pk}.st-rejected")
    page.screenshot(path=str(shots / "review.png"), full_page=False)

    page.goto(f"{base}/reports/{OD}/")
    page.click("text=สร้างร่างรายงาน")
    page.click("text=ดึงข่าวที่รับแล้วเข้ารายงาน")
    page.wait_for_selector(".row-card")
    assert page.locator(".row-card").count() == 2
    assert "น้ำท่วมฉับพลันในอำเภอเมืองลำปาง" in page.inner_text("#preview")
    row_form = page.locator(".row-form").first
    row_form.locator("textarea").fill("สรุปที่แก้ในหน้าเว็บ")
    with page.expect_response(lambda r: "/edit/" in r.url):
        row_form.locator("button").click()
    expect(page.locator("#preview")).to_contain_text("สรุปที่แก้ในหน้าเว็บ")
    page.screenshot(path=str(shots / "builder.png"), full_page=False)

    page.on("dialog", lambda d: d.accept())
    # Errors the checks found stop issuing until the editor gives a reason for each one.
    reasons = page.locator(".findings input[name^='override_reason_']")
    for n in range(reasons.count()):
        reasons.nth(n).fill("ยืนยันออกตามที่ผู้อำนวยการสั่ง")
    page.click("button:has-text('ออกรายงาน')")
    page.wait_for_selector("text=ออกรายงานแล้ว")
    page.wait_for_selector("text=กำลังจัดทำไฟล์ PDF และ DOCX")  # rendered by a job
    assert run_jobs() >= 1  # what msoc serve's scheduler or msoc worker does
    # The pending page reloads itself every 5 s (a meta refresh) until the files are
    # ready; a reload of our own raced it (net::ERR_ABORTED under load).
    page.wait_for_selector("text=ดาวน์โหลด PDF", timeout=60_000)
    with page.expect_download() as download:
        page.click("text=ดาวน์โหลด PDF")
    pdf = Path(download.value.path())
    assert pdf.read_bytes()[:4] == b"%PDF"
    page.screenshot(path=str(shots / "issued.png"), full_page=False)

    page.goto(f"{base}/search/?q=น้ำท่วม")
    assert "พบ" in page.inner_text("main")
    assert page.locator(".result").count() >= 2  # the item and the issued row
    page.screenshot(path=str(shots / "search.png"), full_page=False)
    page.goto(f"{base}/trends/")
    page.screenshot(path=str(shots / "trends.png"), full_page=True)
    page.goto(f"{base}/entry/hotline/{OD}/")
    page.screenshot(path=str(shots / "hotline.png"), full_page=False)
    assert not [e for e in errors if "Content Security Policy" in e], errors


@pytest.mark.django_db(transaction=True)
def test_unit_contributor_only_reaches_their_unit(
    live_server: Any, browser: Any, users: Any, shots: Path
) -> None:
    base = live_server.url
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    _login(page, base, "unit-user")
    assert "คัดกรองข่าว" not in page.inner_text("header")
    response = page.goto(f"{base}/entry/units/พส./{OD}/")
    assert response.status == 403 and "เฉพาะข้อมูลของหน่วยงานของท่าน" in page.inner_text("main")
    page.screenshot(path=str(shots / "unit-forbidden.png"))
    assert page.goto(f"{base}/review/").status == 403
    page.goto(f"{base}/entry/units/ดย./{OD}/")
    page.fill("textarea[name=text]", "ดย. ลงพื้นที่เยี่ยมบ้านเด็ก\n\nประชุมคณะทำงาน")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=บันทึกกิจกรรมของ ดย. แล้ว")
    page.screenshot(path=str(shots / "unit-activities.png"))
    from msoc.apps.units.models import Activity

    assert Activity.objects.filter(unit__code="ดย.", date=OTHER_DAY).count() == 2

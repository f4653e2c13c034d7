"""The README's promise, in a real browser: a new user logs in to the demo and issues the
sample day's report (a correction of the imported one), giving a reason for each error the
checks found, and downloads the PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from msoc.apps.reports.models import Report
from msoc.jobs import run_jobs
from tests.conftest import SAMPLE_REPORT
from tests.web.browser import ARGS, BROWSER_MARKS, CHROMIUM

pytestmark = BROWSER_MARKS


@pytest.mark.django_db(transaction=True)
def test_a_new_user_issues_the_sample_day_from_the_browser(
    live_server: Any, tmp_path: Path, test_output: Path
) -> None:
    from playwright.sync_api import sync_playwright

    settings.ARCHIVE_DIR = tmp_path
    call_command("report", "import", str(SAMPLE_REPORT))
    call_command("demo-data")
    call_command("demo-users")
    base = live_server.url
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page.on("dialog", lambda d: d.accept())
        page.goto(f"{base}/login")
        page.fill("input[name=username]", "editor")
        page.fill("input[name=password]", settings.MSOC_DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/")
        page.goto(f"{base}/reports/2023-05-03/")
        page.click("button:has-text('ออกฉบับแก้ไข')")
        page.wait_for_selector("#issue-form")
        reasons = page.locator(".findings input[name^='override_reason_']")
        assert reasons.count() > 0  # the sample's own defects are found
        for n in range(reasons.count()):
            reasons.nth(n).fill("ยืนยันตามต้นฉบับ")
        page.screenshot(path=str(test_output / "screenshots" / "demo-issue.png"))
        page.click("button:has-text('ออกรายงาน')")
        page.wait_for_selector("text=ออกรายงานแล้ว")
        page.wait_for_selector("text=กำลังจัดทำไฟล์ PDF และ DOCX")  # rendered by a job
        assert run_jobs() >= 1  # what msoc serve's scheduler or msoc worker does
        # The pending page reloads itself every 5 s (a meta refresh) until the files are
        # ready; a reload of our own raced it (net::ERR_ABORTED under load).
        page.wait_for_selector("a:has-text('ดาวน์โหลด PDF')", timeout=60_000)
        with page.expect_download() as download:
            page.click("a:has-text('ดาวน์โหลด PDF')")
        pdf = Path(download.value.path()).read_bytes()
        browser.close()
    assert pdf.startswith(b"%PDF")
    issued = Report.objects.get(date="2023-05-03", status="issued")
    assert issued.document_number == 4751 and issued.supersedes.status == "superseded"

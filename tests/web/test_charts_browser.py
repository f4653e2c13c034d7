"""Browser tests of the trends charts and the Thai date filter (issue 20).

The trends chart marks a spike on the day seeded with one, the outlet chart leaves a gap on the
day an outlet was silent, the province map and its table agree; a range typed in พ.ศ. on the
search page keeps only that day's items. Screenshots: test-output/screenshots/trends-*.png,
search-thai-dates.png.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from msoc.thai import BANGKOK
from msoc.web.charts import day_label
from tests.web.browser import BROWSER_MARKS
from tests.web.conftest import OTHER_DAY, PASSWORD, add_item

pytestmark = BROWSER_MARKS


def _login(page: Any, base: str, name: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


@pytest.mark.django_db(transaction=True)
def test_trends_chart_marks_the_spike_day_and_a_silent_outlet(
    live_server: Any, browser: Any, users: Any, shots: Path
) -> None:
    from msoc.apps.news.models import Source

    loud = Source.objects.create(name="ข่าวสด")
    quiet = Source.objects.create(name="มติชน")
    today = timezone.localdate()
    spike_day = today - timedelta(days=3)
    silent_day = today - timedelta(days=5)
    n = 0
    for back in range(1, 29):
        day = today - timedelta(days=back)
        noon = datetime.combine(day, time(12), tzinfo=BANGKOK)
        for k in range(12 if day == spike_day else 1):
            n += 1
            add_item(loud, n, f"จับยาบ้า {n}", when=noon + timedelta(minutes=k), topics=["ยาเสพติด"])
        if day != silent_day:
            n += 1
            add_item(quiet, n, f"ข่าวสังคม {n}", when=noon, topics=["ผู้สูงอายุ"], place="โคราช")

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    _login(page, live_server.url, "viewer-user")
    page.goto(f"{live_server.url}/trends/")
    spikes = page.locator("#topic-chart g.spike")
    expect(spikes).to_have_count(1)
    assert spikes.get_attribute("data-day") == spike_day.isoformat()
    assert spikes.get_attribute("data-label") == "ยาเสพติด"
    expect(page.locator("table.spikes")).to_contain_text("ยาเสพติด")
    gaps = page.eval_on_selector_all("#outlets rect.gap title", "ts => ts.map(t => t.textContent)")
    silent = f"{day_label(silent_day)}: ไม่มีข่าว"
    assert f"มติชน {silent}" in gaps and f"ข่าวสด {silent}" not in gaps
    korat = page.locator("figure.areamap path[data-code='19']")  # โคราช joined to นครราชสีมา
    assert korat.get_attribute("fill") == page.locator(
        "table.provinces tr:has-text('นครราชสีมา') svg.swatch rect"
    ).get_attribute("fill")
    page.locator("#topic-chart").screenshot(path=str(shots / "trends-topics.png"))
    page.screenshot(path=str(shots / "trends-page.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_a_range_typed_in_buddhist_era_filters_the_search(
    live_server: Any, browser: Any, users: Any, news: Any, shots: Path
) -> None:
    add_item(
        news.source,
        50,
        "ข่าววันที่สี่",
        when=datetime.combine(OTHER_DAY, time(9), tzinfo=BANGKOK),
    )
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    _login(page, live_server.url, "viewer-user")
    page.goto(f"{live_server.url}/search/")
    assert page.locator("input[type=date]").count() == 0
    page.fill("input[name=date_from]", "๔ พ.ค. ๖๖")
    page.fill("input[name=date_to]", "4/5/2566")
    page.click("button.primary")
    expect(page.locator(".results")).to_contain_text("ข่าววันที่สี่")
    assert page.locator(".results li.result").count() == 1
    shown = page.locator(".date-shown").all_inner_texts()
    assert shown == ["= วันพฤหัสบดีที่ ๔ พฤษภาคม พ.ศ. ๒๕๖๖"] * 2, shown
    page.screenshot(path=str(shots / "search-thai-dates.png"), full_page=True)
    page.fill("input[name=date_from]", "๓๑ ก.พ. ๖๖")
    page.click("button.primary")
    expect(page.locator("main")).to_contain_text("วันที่ไม่ถูกต้อง")


@pytest.mark.django_db(transaction=True)
def test_hotline_chart_shows_cases_per_day_against_the_fiscal_year_average(
    live_server: Any, browser: Any, users: Any, shots: Path
) -> None:
    from msoc.apps.hotline.actions import do_bulk_manual_totals
    from msoc.apps.hotline.models import DayTotals
    from msoc.web.charts import SPIKE

    # Fiscal year 2566 from 1 Oct 2022 to OTHER_DAY (4 May 2023): 216 days, 10 cases a day but
    # one day of 40 and one day with no figures at all: 2,180 / 216 = 10.09 → 10 a day.
    start, busy, missing = (
        date(2022, 10, 1),
        OTHER_DAY - timedelta(days=6),
        OTHER_DAY - timedelta(days=2),
    )
    days = [start + timedelta(days=i) for i in range((OTHER_DAY - start).days + 1)]
    assert len(days) == 216
    do_bulk_manual_totals({d: 40 if d == busy else 10 for d in days if d != missing})
    assert DayTotals.objects.get(date=OTHER_DAY).fiscal_year_to_date["per_day"] == 10

    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    _login(page, live_server.url, "editor-user")
    page.goto(f"{live_server.url}/entry/hotline/{OTHER_DAY.isoformat()}/")
    bars = page.locator("#cases-chart rect.bar")
    expect(bars).to_have_count(29)  # 30 days shown, one without figures
    assert page.locator(f"#cases-chart rect[data-day='{missing.isoformat()}']").count() == 0
    assert (
        page.locator(f"#cases-chart rect[data-day='{busy.isoformat()}']").get_attribute("fill")
        == SPIKE
    )
    ordinary = page.locator(f"#cases-chart rect[data-day='{OTHER_DAY.isoformat()}']")
    assert ordinary.get_attribute("fill") != SPIKE
    # The dashed average of 10 a day runs level with the top of a day of 10 cases.
    line_y = float(page.locator("#cases-chart line.reference").get_attribute("y1") or "nan")
    assert abs(line_y - float(ordinary.get_attribute("y") or "nan")) < 0.2
    expect(page.locator("#cases-chart")).to_contain_text("๑๐ ราย/วัน")
    expect(page.locator("#cases-chart")).to_contain_text("ปีงบประมาณ ๒๕๖๖")
    page.locator("#cases-chart").screenshot(path=str(shots / "hotline-cases.png"))
    page.screenshot(path=str(shots / "hotline-page.png"), full_page=True)

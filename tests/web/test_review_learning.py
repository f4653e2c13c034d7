"""Learning from the staff (issue 16): review decisions are training rows, the nightly job
retrains with them, and a page shows how often the suggested section was kept, per week."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from msoc.thai import BANGKOK
from tests.web.browser import BROWSER_MARKS
from tests.web.conftest import PASSWORD


def _decided(news: Any, editor: Any) -> None:
    """Three suggestions of social: one kept, one moved to politics, one rejected; one of
    politics kept, decided twice (the latest decision counts)."""
    from msoc.apps.review.actions import do_review

    a, b, c, d, _ = news.items
    for item in (a, b, c):
        item.section = "social"
        item.save(update_fields=["section"])
    d.section = "politics"
    d.save(update_fields=["section"])
    do_review(a.pk, "accept", actor=editor)
    do_review(b.pk, "move", actor=editor, changes={"section": "politics"})
    do_review(c.pk, "reject", actor=editor)
    do_review(d.pk, "reject", actor=editor)
    do_review(d.pk, "accept", actor=editor)


def test_accept_move_and_reject_become_training_rows(news: Any, users: Any) -> None:
    from msoc.apps.review.training import precision_by_week, review_examples

    _decided(news, users["editor"])
    a, b, c, d, _ = news.items
    rows = {key: e.section for key, e in review_examples()}
    assert rows == {
        str(a.pk): "social",
        str(b.pk): "politics",
        str(c.pk): "none",
        str(d.pk): "politics",
    }
    week = precision_by_week(2)[0]
    cells = {s.section: (s.kept, s.suggested) for s in week.sections.values()}
    assert week.items == 4 and cells["social"] == (1, 3) and cells["politics"] == (1, 1)


def test_the_quality_page_shows_precision_per_section(
    clients: dict[str, Client], news: Any, users: Any
) -> None:
    _decided(news, users["editor"])
    assert clients["viewer"].get("/review/quality/").status_code == 403
    page = clients["editor"].get("/review/quality/").content.decode()
    assert "ความแม่นยำของการจัดหมวดอัตโนมัติ" in page
    assert "๓๓% <small>(๑/๓)</small>" in page  # social: one of three kept
    assert "๑๐๐% <small>(๑/๑)</small>" in page  # politics
    assert "ยังไม่เคยฝึกโมเดลใหม่" in page


def test_the_nightly_job_retrains_once_with_the_staffs_decisions(
    news: Any, users: Any, settings: Any, tmp_path: Path, clients: dict[str, Client]
) -> None:
    from msoc.apps.accounts.models import AuditEvent
    from msoc.apps.news.enrich_stage import model_path
    from msoc.apps.review.actions import do_queue_nightly_training
    from msoc.jobs import run_jobs
    from msoc.nlp.classify import SectionModel, default_examples

    settings.VAR_DIR = tmp_path
    _decided(news, users["editor"])
    night = datetime(2026, 3, 4, 1, 30, tzinfo=BANGKOK)
    assert not do_queue_nightly_training(night)  # before two o'clock: not yet
    assert do_queue_nightly_training(night + timedelta(hours=1))
    assert not do_queue_nightly_training(night + timedelta(hours=3))  # once a night
    assert run_jobs() == 1
    model = SectionModel.load(model_path())
    assert model.trained_on == len(default_examples()) + 4  # the four reviewed items
    event = AuditEvent.objects.get(action="review.train")
    assert event.detail["reviewed"] == 4 and event.detail["kept_new"] is True
    assert "ระบบ (รอบกลางคืน)" in clients["editor"].get("/review/quality/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_quality_page_in_a_browser(
    live_server: Any, browser: Any, users: Any, news: Any, shots: Path
) -> None:
    _decided(news, users["editor"])
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    base = live_server.url
    page.goto(f"{base}/login")
    page.fill("input[name=username]", "editor-user")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/review/")
    page.click("text=ความแม่นยำของการจัดหมวดอัตโนมัติ")
    page.wait_for_selector("#precision")
    headers = page.locator("#precision thead th").all_inner_texts()
    assert headers[2:] == [
        "ข่าวสังคมทั่วไป",
        "ข่าวการเมือง - ความมั่นคง",
        "ข่าวเกี่ยวกับ พม.",
        "ข่าวต่างประเทศ",
        "ไม่เกี่ยวข้อง",
    ]
    first = page.locator("#precision tbody tr").first.locator("td").all_inner_texts()
    assert first[1] == "๔" and first[2].startswith("๓๓%")
    page.screenshot(path=str(shots / "review-quality.png"), full_page=True)


for _mark in BROWSER_MARKS:
    test_the_quality_page_in_a_browser = _mark(test_the_quality_page_in_a_browser)


def test_the_card_says_which_signal_decided_and_a_move_makes_it_the_staff(
    clients: dict[str, Client], news: Any
) -> None:
    from tests.web.conftest import DAY

    first, second = news.items[0], news.items[1]
    first.section_signal, second.section_signal = "desk", "model"
    first.save(update_fields=["section_signal"])
    second.save(update_fields=["section_signal"])
    page = clients["editor"].get(f"/review/?day={DAY.isoformat()}").content.decode()
    assert "หมวดจากโต๊ะข่าวของฟีด" in page and "หมวดจากโมเดล" in page
    card = clients["editor"].post(
        f"/review/{first.pk}/move/", {"section": "politics"}, HTTP_HX_REQUEST="true"
    )
    assert "หมวดจากเจ้าหน้าที่" in card.content.decode()

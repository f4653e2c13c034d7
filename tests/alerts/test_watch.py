"""Saved searches that watch: a new matching item is mailed once, an unrelated one never."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import pytest

from msoc.apps.alerts.actions import run_saved_searches
from msoc.apps.alerts.deliveries import run_deliveries
from msoc.apps.alerts.models import Delivery, SavedSearch
from msoc.apps.alerts.watch import is_due
from msoc.apps.news.models import Source
from tests.alerts.conftest import Inbox, at
from tests.web.conftest import add_item

ADDRESS = "watcher@m-society.go.th"
WORDS = "ทำร้ายเด็ก"


@pytest.fixture
def watcher(users: dict[str, Any]) -> Any:
    """The editor, with an e-mail address."""
    user = users["editor"]
    user.email = ADDRESS
    user.save()
    return user


def _save(client: Any, **extra: str) -> Any:
    data = {"name": "เด็กภาคใต้", "q": WORDS, "place": "ปัตตานี", "schedule": "at_once"}
    return client.post("/search/saved/", {**data, **extra})


def test_new_matching_item_is_mailed_once_and_unrelated_never(
    clients: dict[str, Any], watcher: Any, inbox: Inbox
) -> None:
    source = Source.objects.create(name="ข่าวสด")
    when = at(2026, 12, 2, 9)
    add_item(source, 1, f"ชายถูกจับหลัง{WORDS}ในตลาด", when=when, place="ปัตตานี")  # old news
    clients["editor"].get("/search/?q=x")  # the search page indexes what is new
    assert _save(clients["editor"]).status_code == 302
    saved = SavedSearch.objects.get()
    assert saved.user == watcher and saved.query == {"q": WORDS, "place": "ปัตตานี"}
    assert run_saved_searches(when) == 0  # what was there when saved is not news

    new = add_item(source, 2, f"ครู{WORDS} ตำรวจเร่งสอบ", when=when, place="ปัตตานี")
    add_item(source, 3, "ราคายางพาราขยับขึ้น", when=when, place="ปัตตานี")  # unrelated words
    add_item(source, 4, f"แม่{WORDS}ลูกวัยสองขวบ", when=when, place="เชียงใหม่")  # other place
    assert run_saved_searches(when + timedelta(minutes=1)) == 1
    assert run_saved_searches(when + timedelta(minutes=2)) == 0  # never twice, nothing new
    run_deliveries(when + timedelta(minutes=3))
    mails = inbox.to(ADDRESS)
    assert len(mails) == 1
    body = mails[0].message.get_content()
    assert new.title in body and "ข่าวสด" in body and "ปัตตานี" in body
    assert "https://example.test/2" in body and "วัน เวลา: ๐๒๐๙๐๐ ธ.ค.๖๙" in body
    assert "ยางพารา" not in body and "สองขวบ" not in body and "ในตลาด" not in body
    assert "เด็กภาคใต้" in mails[0].message["Subject"]

    later = add_item(source, 5, f"ศาลสั่งจำคุกผู้{WORDS}", when=when, place="ปัตตานี")
    assert run_saved_searches(when + timedelta(minutes=4)) == 1
    run_deliveries(when + timedelta(minutes=5))
    second = inbox.to(ADDRESS)[1].message.get_content()
    assert later.title in second and new.title not in second
    assert Delivery.objects.filter(topic__startswith=f"search:{saved.pk}:").count() == 2

    page = clients["editor"].get("/search/saved/").content.decode()
    assert "เด็กภาคใต้" in page and "2 รายการ" in page
    assert clients["viewer"].get("/search/saved/").content.decode().count("เด็กภาคใต้") == 0


def test_schedules() -> None:
    saved = SavedSearch(schedule="hourly", last_run_at=at(2026, 12, 2, 9))
    assert not is_due(saved, at(2026, 12, 2, 9, 30)) and is_due(saved, at(2026, 12, 2, 10, 0))
    daily = SavedSearch(schedule="daily", at_time=time(7, 0), last_run_at=at(2026, 12, 2, 7, 1))
    assert not is_due(daily, at(2026, 12, 2, 18)) and not is_due(daily, at(2026, 12, 3, 6, 59))
    assert is_due(daily, at(2026, 12, 3, 7, 0))
    assert is_due(
        SavedSearch(schedule="at_once", last_run_at=at(2026, 12, 2, 9)), at(2026, 12, 2, 9)
    )


def test_bad_input_gets_thai_errors_and_stores_nothing(clients: dict[str, Any]) -> None:
    assert _save(clients["editor"], schedule="daily").status_code == 400  # daily needs a time
    response = _save(clients["editor"], q="", place="")
    assert response.status_code == 400 and "อย่างน้อยหนึ่งอย่าง" in response.content.decode()
    assert _save(clients["editor"], at_time="25:99", schedule="daily").status_code == 400
    assert not SavedSearch.objects.exists()


def test_only_the_owner_deletes(clients: dict[str, Any], watcher: Any) -> None:
    _save(clients["editor"])
    pk = SavedSearch.objects.get().pk
    clients["viewer"].post(f"/search/saved/{pk}/delete/")
    assert SavedSearch.objects.exists()
    clients["editor"].post(f"/search/saved/{pk}/delete/")
    assert not SavedSearch.objects.exists()

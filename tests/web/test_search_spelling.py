"""Search that forgives Thai spelling and knows other names of a place (issue 20)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from msoc.apps.reports.models import Report
from msoc.apps.search import engine as search
from msoc.apps.search.expand import place_names, spelling_variants
from tests.web.conftest import DAY, add_item, at


def test_whole_place_names_are_grouped_but_towns_are_not() -> None:
    names = place_names()
    assert {"โคราช", "นครราชสีมา"} <= set(names["โคราช"]) and "โคราช" in names["นครราชสีมา"]
    assert {"สหรัฐฯ", "สหรัฐอเมริกา"} <= set(names["สหรัฐอเมริกา"])
    assert "พัทยา" not in names.get("ชลบุรี", ()) and "วอชิงตัน" not in names["สหรัฐฯ"]
    assert "ไซยาไนด์" in spelling_variants("ไชยาไนด์")
    assert "ใจดี" in spelling_variants("ไจดี")


@pytest.mark.django_db
def test_cyanide_finds_every_spelling_in_the_sample(sample: Report) -> None:
    search.sync()
    rows = [r for r in sample.rows.all() if "ยาไนด์" in r.summary]
    assert len(rows) == 3  # one spelt ไซยาไนด์, two ไชยาไนด์ in the sample
    for typed in ("ไซยาไนด์", "ไชยาไนด์"):
        found = search.search(search.SearchQuery(q=typed, kind="row"), per_page=50)
        assert {e.ref_id for e in found.entries} == {r.pk for r in rows}, typed
        assert found.total == 3


@pytest.mark.django_db
def test_other_names_of_a_place_match_each_other(news: Any) -> None:
    when = at(DAY, 9)
    korat = add_item(news.source, 60, "น้ำท่วมโคราช ชาวบ้านอพยพ", when=when, place=None)
    official = add_item(news.source, 61, "ผู้ว่าฯ นครราชสีมา ตรวจน้ำท่วม", when=when, place=None)
    us = add_item(news.source, 62, "สหรัฐฯ ขึ้นภาษีนำเข้า", when=when, place=None)
    usa = add_item(news.source, 63, "สหรัฐอเมริกา ประกาศมาตรการใหม่", when=when, place=None)
    add_item(news.source, 64, "พัทยา จัดงานลอยกระทง", when=when, place=None)
    search.sync()

    def ids(q: str) -> set[int]:
        return {e.ref_id for e in search.search(search.SearchQuery(q=q), per_page=50).entries}

    assert ids("โคราช") == ids("นครราชสีมา") == {korat.pk, official.pk}
    assert ids("สหรัฐฯ") == ids("สหรัฐอเมริกา") == {us.pk, usa.pk}
    assert search.search(search.SearchQuery(q="ชลบุรี")).total == 0  # a town is not its province
    assert search.search(search.SearchQuery(q="โคราช")).total == 2


@pytest.mark.django_db
def test_results_show_the_section_and_date_in_thai(news: Any, clients: dict[str, Client]) -> None:
    page = clients["viewer"].get("/search/", {"q": "น้ำท่วม"}).content.decode()
    assert "ข่าวสังคม" in page or "สังคม" in page
    assert " · social" not in page and "๒ พ.ค." in page

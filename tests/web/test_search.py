"""Thai full-text search (newmm tokens, FTS5 here, PostgreSQL full text in CI) with filters."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from msoc.apps.reports.models import Report
from msoc.apps.search import engine as search


@pytest.mark.django_db
def test_items_are_found_by_thai_words_with_filters(news: Any) -> None:
    search.sync()
    hits = search.search(search.SearchQuery(q="น้ำท่วม"))
    assert [e.ref_id for e in hits.entries] == [news.items[0].pk]
    assert search.search(search.SearchQuery(q="ครม.")).total == 2
    assert search.search(search.SearchQuery(q="ครม.", section="social")).total == 0
    assert search.search(search.SearchQuery(q="เชียงใหม่", place="เชียงใหม่")).total == 1
    assert search.search(search.SearchQuery(topic="อุทกภัย")).total == 1
    assert search.search(search.SearchQuery(q="ไม่มีคำนี้แน่นอนเลย")).total == 0
    assert search.search(search.SearchQuery(date_from=date(2030, 1, 1))).total == 0
    assert search.search(search.SearchQuery(q='" OR * NEAR(')).total >= 0  # no syntax error leaks


@pytest.mark.django_db
def test_rows_of_issued_reports_are_searchable(sample: Report, clients: dict[str, Client]) -> None:
    word = max(search.words(sample.rows.first().summary), key=len)
    response = clients["viewer"].get("/search/", {"q": word, "kind": "row"})
    assert response.status_code == 200
    assert "ในรายงาน" in response.content.decode()
    assert search.search(search.SearchQuery(q=word, kind="row")).total >= 1


@pytest.mark.django_db
def test_search_page_validates_dates(clients: dict[str, Client]) -> None:
    response = clients["viewer"].get(
        "/search/", {"date_from": "2024-02-01", "date_to": "2024-01-01"}
    )
    assert response.status_code == 400 and "วันที่เริ่มอยู่หลังวันที่สิ้นสุด" in response.content.decode()


def test_terms_are_ascii_tokens() -> None:
    terms = search.terms_of("น้ำท่วม กรุงเทพฯ COVID-19").split()
    assert terms and all(t.isascii() and t.isalnum() for t in terms)
    assert search.words("๑๒ คน") == ["12", "คน"]


@pytest.mark.django_db(transaction=True)
def test_requests_indexing_the_same_new_items_at_once_never_fail(news: Any) -> None:
    import threading

    from django.db import close_old_connections

    from msoc.apps.news.models import Item
    from msoc.apps.search.models import SearchEntry

    items = list(Item.objects.select_related("source"))
    errors: list[Exception] = []

    def index() -> None:
        try:
            for _ in range(5):
                search.index_items(items)
        except Exception as exc:  # collected: the assertion below names it
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=index) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert SearchEntry.objects.filter(kind="item").count() == len(items)


@pytest.mark.django_db
def test_a_nul_character_in_a_query_is_ignored_not_a_server_error(news: Any) -> None:
    """Found by the API fuzzer on PostgreSQL, which refuses NUL in text."""
    page = search.search(search.SearchQuery(q="น้ำท่วม\x00", source="มติชน\x00"))
    assert page.total >= 0


@pytest.mark.django_db
def test_searching_writes_nothing_and_issued_rows_are_indexed_when_issued(
    news: Any, sample: Report, clients: dict[str, Client]
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from msoc.apps.search.models import SearchEntry

    # The import froze the sample's rows; they were indexed then, not by a search.
    assert (
        SearchEntry.objects.filter(kind="row", report_id=sample.pk).count() == sample.rows.count()
    )
    # An item no write indexed yet (the newest): a search that indexed on read would add it.
    SearchEntry.objects.filter(kind="item").order_by("-ref_id").first().delete()
    before = SearchEntry.objects.count()
    with CaptureQueriesContext(connection) as queries:
        assert clients["viewer"].get("/search/", {"q": "น้ำท่วม"}).status_code == 200
        assert clients["viewer"].get("/api/items", {"q": "น้ำท่วม"}).status_code == 200
    writes = [
        q["sql"][:80]
        for q in queries.captured_queries
        if q["sql"].lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]
    assert writes == [] and SearchEntry.objects.count() == before


@pytest.mark.django_db
def test_an_edit_in_review_reaches_the_index_at_once(news: Any) -> None:
    from msoc.apps.review.actions import do_review

    item = news.items[1]
    do_review(item.pk, "edit", actor=None, changes={"place": "ลำปาง", "place_printed": "ลำปาง"})
    hits = search.search(search.SearchQuery(q="ลำปาง", place="ลำปาง"))
    assert [e.ref_id for e in hits.entries] == [item.pk]

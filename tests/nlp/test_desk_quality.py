"""Section quality where the outlet states its desk (issue 16): pages and feeds through extraction
and enrichment, on the held-out half of `desk_eval.tsv`. One run per half."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from msoc.apps.news.desk_eval import article_page, desk_rows, sections_with_desk
from msoc.nlp.desks import desk_section, stated_section


@pytest.fixture(scope="module")
def test_half() -> dict[str, Any]:
    return sections_with_desk("test")


def test_sections_where_the_outlet_states_its_desk(test_half: dict[str, Any]) -> None:
    """Measured 1.000 macro-F1 / 1.000 right on the test half (issue 16 asks ≥ 0.98); items where
    the ministry's own units outrank the stated desk count too."""
    assert test_half["n"] >= 35
    assert test_half["accuracy"] >= 0.98, test_half["errors"]
    assert test_half["macro_f1"] >= 0.98, test_half["errors"]
    assert test_half["per_label"]["ministry"]["support"] >= 1
    # Every way of stating a desk was read: the feed's desk, the page, the address.
    assert {"desk", "page", "address"} <= set(test_half["signals"])


def test_every_row_states_its_desk_the_way_it_says() -> None:
    """The pages built for the set carry the section where the row says, and extraction reads it."""
    from msoc.apps.news.extract import extract_article

    for row in desk_rows():
        if row["stated_by"] in ("meta", "jsonld", "breadcrumb", "url"):
            page, address = article_page(row)
            article = extract_article(page, address)
            assert article.page_section_from == row["stated_by"], row["id"]


@pytest.mark.parametrize(
    ("feed", "page", "where", "expected"),
    [
        ("politics", "", "", ("politics", "desk")),
        ("", "ข่าวต่างประเทศ", "meta", ("foreign", "page")),
        ("crime", "กีฬา", "jsonld", ("none", "page")),  # the page is more specific than the feed
        ("world", "politics", "url", ("foreign", "desk")),  # an address slug is weaker than a feed
        ("", "hilight", "breadcrumb", None),
        ("breakingnews", "", "", None),
    ],
)
def test_what_the_outlet_states_maps_to_a_section(
    feed: str, page: str, where: str, expected: tuple[str, str] | None
) -> None:
    assert stated_section(feed, page, where, "ผู้จัดการ ออนไลน์") == expected


def test_economy_sport_entertainment_and_lifestyle_desks_are_not_for_the_report() -> None:
    for desk in ("economy", "Sports", "บันเทิง", "ไลฟ์สไตล์", "ข่าวเศรษฐกิจ"):
        assert desk_section(desk) == "none", desk


def test_the_default_registry_carries_the_per_desk_feeds_of_feeds_md(shared_dir: Path) -> None:
    """Every feed feeds.md lists for a report desk is in the shipped registry, with a desk that
    maps to that section and marked confirmed (seen in public code)."""
    import json
    import re

    from msoc.apps.news.actions import DEFAULT_SOURCES

    feeds = {
        f["url"]: f
        for s in json.loads(DEFAULT_SOURCES.read_text(encoding="utf-8"))["sources"]
        for f in s["feeds"]
        if isinstance(f, dict)
    }
    table = (shared_dir / "data" / "feeds.md").read_text(encoding="utf-8")
    expected = {"politics": "politics", "foreign": "foreign", "crime (social)": "social"}
    expected["social"] = "social"
    rows = re.findall(r"^\| [^|]+ \| (https://\S+) \| ([^|]+?) \|", table, flags=re.M)
    listed = [(url, expected[carries]) for url, carries in rows if carries in expected]
    assert len(listed) >= 6
    for url, section in listed:
        assert url in feeds, url
        assert desk_section(feeds[url]["desk"]) == section and feeds[url]["confirmed"], url

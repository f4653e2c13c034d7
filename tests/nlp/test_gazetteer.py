"""The gazetteer: canonical places, press aliases, printed forms, mentions in running text."""

from __future__ import annotations

import pytest

from msoc.gazetteer import default_gazetteer, trie_pattern


@pytest.mark.parametrize(
    ("name", "canonical", "kind", "printed"),
    [
        ("กทม.", "กรุงเทพมหานคร", "province", "กทม."),
        ("กรุงเทพฯ", "กรุงเทพมหานคร", "province", "กทม."),
        ("กรุงเทพมหานคร", "กรุงเทพมหานคร", "province", "กทม."),
        ("โคราช", "นครราชสีมา", "province", "นครราชสีมา"),
        ("จ.ภูเก็ต", "ภูเก็ต", "province", "ภูเก็ต"),
        ("อ.หาดใหญ่", "สงขลา", "province", "สงขลา"),
        ("สหรัฐฯ", "สหรัฐอเมริกา", "country", "สหรัฐอเมริกา"),
        ("สหรัฐอเมริกา", "สหรัฐอเมริกา", "country", "สหรัฐอเมริกา"),
        ("พม่า", "เมียนมา", "country", "เมียนมา"),
        ("เมียนมาร์ (พม่า)", "เมียนมา", "country", "เมียนมา"),
        ("อังกฤษ", "สหราชอาณาจักร", "country", "สหราชอาณาจักร"),
        ("จีน", "จีน", "country", "จีน"),
        ("ญี่ปุ่น", "ญี่ปุ่น", "country", "ญี่ปุ่น"),
    ],
)
def test_aliases_resolve_to_one_canonical_place(
    name: str, canonical: str, kind: str, printed: str
) -> None:
    place = default_gazetteer().resolve(name)
    assert place is not None, name
    assert (place.name, place.kind, place.printed) == (canonical, kind, printed)


def test_tables_hold_all_provinces_districts_and_countries() -> None:
    g = default_gazetteer()
    assert len(g.provinces) == 77
    assert len(g.districts) > 900
    assert len(g.subdistricts) > 5000
    assert len(g.countries) > 240
    assert "ไทย" not in g.countries  # Thailand is located by province
    assert g.resolve("ไม่มีที่นี่") is None


def test_find_prefers_marked_mentions_and_skips_ordinary_words() -> None:
    g = default_gazetteer()
    mentions = g.find("ตร.รวบคนร้ายที่ อ.หาดใหญ่ จ.สงขลา ไม่เลย แพร่ระบาด")
    names = [(m.entry.surface, m.marker) for m in mentions if m.entry.place]
    assert ("หาดใหญ่", "อ.") in names and ("สงขลา", "จ.") in names
    weak = [m for m in mentions if m.entry.surface in {"เลย", "แพร่"}]
    assert all(m.entry.weak for m in weak)


def test_trie_pattern_matches_longest_name() -> None:
    import re

    pattern = re.compile(trie_pattern(["เกาหลี", "เกาหลีใต้", "จีน"]))
    assert [m.group() for m in pattern.finditer("เกาหลีใต้กับจีนและเกาหลี")] == [
        "เกาหลีใต้",
        "จีน",
        "เกาหลี",
    ]

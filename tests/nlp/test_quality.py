"""Pinned quality floors of enrichment (issue 4). One test runs each evaluation once."""

from __future__ import annotations

from pathlib import Path

import pytest

from msoc.nlp import evaluate as ev

VISHNU = "วิษณุ ชี้ โพลมีส่วนทำกระแสเปลี่ยน"


@pytest.fixture(scope="module")
def rows(sample_report_path: Path) -> list[ev.SampleRow]:
    return ev.sample_rows(sample_report_path)


def test_sample_sections_cross_validated(rows: list[ev.SampleRow]) -> None:
    headline = ev.sections_cv(rows, with_place=False, folds=10)
    with_place = ev.sections_cv(rows, with_place=True, folds=10)
    assert headline["macro_f1"] >= 0.95, headline["errors"]
    assert with_place["macro_f1"] >= 0.99, with_place["errors"]


def test_sample_places_never_guess_wrong_and_topics(rows: list[ev.SampleRow]) -> None:
    places = ev.places_sample(rows)
    assert places["wrong"] == 0 and places["right"] >= 16  # the rest is "unknown", not a guess
    assert ev.topics_sample(rows)["micro_f1"] >= 0.9


def test_sample_dedup_merges_only_the_vishnu_pair(rows: list[ev.SampleRow]) -> None:
    merged = ev.dedup_sample(rows)["merged"]
    assert len(merged) == 1 and len(merged[0]) == 2
    assert all(summary.startswith(VISHNU) for summary in merged[0])


def test_thainer_places(shared_dir: Path) -> None:
    ner = shared_dir / "data" / "thainer_1.5"
    gold = ev.thainer_gold([ner / "test.jsonl", ner / "val.jsonl"])
    assert len(gold) >= 250
    assert ev.places_gold(gold)["accuracy"] >= 0.95


def test_thaigov_pairs(shared_dir: Path) -> None:
    result = ev.dedup_pairs(
        shared_dir / "data" / "thaigov_v2" / "thaigov_v2_same_title_pairs.jsonl.gz"
    )
    assert result["pairs"] >= 500 and result["f1"] >= 0.95


def test_thaigov_topics_are_learnable(shared_dir: Path) -> None:
    result = ev.thaigov_topics(
        shared_dir / "data" / "thaigov_v2" / "thaigov_v2_topic_sample.jsonl.gz", limit=800
    )
    assert result["macro_f1"] >= 0.8

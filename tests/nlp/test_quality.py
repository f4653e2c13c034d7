"""Pinned quality floors of enrichment (issues 4 and 16), on held-out data. One run per evaluation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from msoc import evaluate as ev
from msoc.nlp.classify import RULE_TERMS, default_examples, sample_examples
from msoc.nlp.heldout import evaluate_heldout

VISHNU = "วิษณุ ชี้ โพลมีส่วนทำกระแสเปลี่ยน"


@pytest.fixture(scope="module")
def rows(sample_report_path: Path) -> list[ev.SampleRow]:
    return ev.sample_rows(sample_report_path)


@pytest.fixture(scope="module")
def heldout() -> dict[str, Any]:
    return evaluate_heldout()


def test_sections_held_out_by_time_and_outlet(heldout: dict[str, Any]) -> None:
    """Floors a little below the figures reached (issue 16's 0.90 without a desk is not reached)."""
    assert heldout["heldout_time_thaigov"]["n"] >= 2000
    assert heldout["heldout_time_thaigov"]["macro_f1"] >= 0.78  # 0.792 measured (issue 16)
    test = heldout["heldout_outlet_news_test"]
    assert test["n"] >= 240 and test["macro_f1"] >= 0.76, test["errors"]  # 0.766 measured (242)
    assert heldout["heldout_sample_report"]["macro_f1"] >= 0.88  # 0.892 measured


def test_the_sample_is_never_training_data() -> None:
    """The sample report's rows and their typos stay out of the model's data and the rules."""
    sample = {e.text for e in sample_examples()}
    assert not sample & {e.text for e in default_examples()}
    terms = "|".join(t for _, t in RULE_TERMS.values())
    for quirk in ("ประชาติปัตย์", "ดร. จับ", "ดร. สยบ", "ไชยาไนด์", "ทิพานัน", "กรม."):
        assert quirk not in terms


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

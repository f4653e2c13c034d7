"""Segmentation and clean-up of news text and headlines."""

from __future__ import annotations

from msoc.nlp.segment import (
    clean_headline,
    clean_text,
    fold_for_match,
    has_thai,
    segmenter_name,
    tokenize,
)
from msoc.thai import normalize_text


def test_tokenize_uses_newmm_tokens() -> None:
    assert tokenize("วิษณุ ชี้ โพลมีส่วนทำกระแสเปลี่ยน") == [
        "วิษณุ",
        "ชี้",
        "โพล",
        "มีส่วน",
        "ทำ",
        "กระแส",
        "เปลี่ยน",
    ]
    assert segmenter_name() in {"nlpo3", "pythainlp"}
    assert tokenize("") == []


def test_clean_text_agrees_with_normalize_text_and_drops_control_characters() -> None:
    raw = "ก\u200bข  ค\u00a0ง \u0e4d\u0e32 \u0e48\u0e48 ๑๒"
    assert clean_text(raw) == normalize_text(raw)
    assert clean_text("ข่าว\x07ด่วน\x00") == "ข่าว ด่วน"


def test_clean_headline_drops_outlet_suffix_labels_and_decorations() -> None:
    assert clean_headline("ด่วน! ตร.บุกค้นบ้าน 🔥🔥 [คลิป] - ไทยรัฐออนไลน์") == "ตร.บุกค้นบ้าน"
    assert clean_headline("[คลิป] นายกฯ สั่งการ!!! | มติชนออนไลน์") == "นายกฯ สั่งการ!"
    assert clean_headline("ผู้นำสหรัฐฯ - ฟิลิปปินส์ หารือ") == "ผู้นำสหรัฐฯ - ฟิลิปปินส์ หารือ"


def test_fold_for_match_reads_thai_digits_and_latin_case() -> None:
    assert fold_for_match("PM2.5 วัย ๑๒ ปี “ข่าว”") == "pm2.5 วัย 12 ปี  ข่าว "
    assert has_thai("ข่าว COVID") and not has_thai("Breaking news")

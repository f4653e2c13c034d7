"""Sections (rules + model) and watch topics (lexicon + model)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from msoc.nlp.classify import (
    SECTIONS,
    Example,
    SectionModel,
    classify,
    default_examples,
    news_eval_rows,
    retrain,
    rule_scores,
    sample_examples,
    seed_examples,
    thaigov_examples,
    train,
)
from msoc.nlp.heldout import news_half
from msoc.nlp.places import locate
from msoc.nlp.topics import TopicTagger, default_tagger, load_topics


def _section(text: str, model: SectionModel) -> str:
    return classify([text], [locate(text)], model)[0].section


@pytest.mark.parametrize(
    ("text", "section"),
    [
        ("พมจ.ลงพื้นที่ช่วยเหลือผู้สูงอายุถูกทอดทิ้ง", "ministry"),
        ("ติดต่อสายด่วน 1300 ขอความช่วยเหลือ", "ministry"),
        ("กกต.เตรียมจัดการเลือกตั้ง ส.ส. ทั่วประเทศ", "politics"),
        ("ครม.อนุมัติงบกลาง ช่วยเกษตรกร", "politics"),
        ("ผู้นำญี่ปุ่นเตรียมเยือนเกาหลีใต้", "foreign"),
        ("ตร.รวบคนร้ายชิงทรัพย์ร้านทอง", "social"),
        ("แมนยูบุกชนะเชลซี ๒-๑ ศึกพรีเมียร์ลีก", "none"),
    ],
)
def test_sections_follow_rules_and_model(
    text: str, section: str, section_model: SectionModel
) -> None:
    assert _section(text, section_model) == section


def test_rules_explain_themselves() -> None:
    scores, reasons = rule_scores("พม. ช่วยเหลือเด็ก", locate("ที่ญี่ปุ่น"))
    assert scores[SECTIONS.index("ministry")] > 0 and scores[SECTIONS.index("foreign")] > 0
    assert any(r.startswith("ministry:") for r in reasons) and any("ญี่ปุ่น" in r for r in reasons)


def test_rules_find_overlapping_and_nested_terms() -> None:
    """A term that starts inside another and runs past its end is found too: `ปลัดกระทรวง` must
    not hide `กระทรวงการพัฒนาสังคม` (the ministry); one wholly inside a longer term is not."""
    scores, reasons = rule_scores("ปลัดกระทรวงการพัฒนาสังคมลงพื้นที่", None)
    assert scores[SECTIONS.index("ministry")] > scores[SECTIONS.index("politics")] > 0
    assert any("กระทรวงการพัฒนาสังคม" in r for r in reasons if r.startswith("ministry:"))
    scores, reasons = rule_scores("นักท่องเที่ยวจมน้ำ", None)
    assert scores[SECTIONS.index("none")] == 0 and scores[SECTIONS.index("social")] > 0, reasons


def test_months_are_not_evidence_and_business_abroad_is_not_foreign() -> None:
    """`ก.ย.` is a date, not the `ก.` of a ministry; a company's news abroad is not foreign news,
    while an event abroad with anything social or political in it still is."""
    scores, reasons = rule_scores("วันที่ 4 ก.ย. ระดับน้ำโขงเพิ่มขึ้น", None)
    assert scores[SECTIONS.index("politics")] == 0 and scores[SECTIONS.index("social")] > 0, reasons
    assert rule_scores("ก.แรงงาน จัดสัมมนา", None)[0][SECTIONS.index("politics")] > 0
    text = "บริษัทไอทีเปิดตัวสมาร์ทโฟนรุ่นใหม่ที่ญี่ปุ่น"
    scores, _ = rule_scores(text, locate(text))
    assert int(np.argmax(scores)) == SECTIONS.index("none")
    text = "แผ่นดินไหวรุนแรงที่ญี่ปุ่น มีผู้เสียชีวิต"
    scores, _ = rule_scores(text, locate(text))
    assert int(np.argmax(scores)) == SECTIONS.index("foreign")


def test_a_thai_place_alone_leans_social_but_never_outvotes_evidence() -> None:
    text = "ชาวบ้านใน จ.ขอนแก่น รวมตัวกันทำฝาย"
    scores, reasons = rule_scores(text, locate(text))
    assert 0 < scores[SECTIONS.index("social")] < 0.35 and any("ขอนแก่น" in r for r in reasons)
    text = "ผู้สมัครพรรคหาเสียงใน จ.ขอนแก่น"
    scores, _ = rule_scores(text, locate(text))
    assert scores[SECTIONS.index("social")] == 0 and scores[SECTIONS.index("politics")] > 0


def test_confidence_is_a_probability(section_model: SectionModel) -> None:
    guesses = classify(["ข่าวทั่วไป", "กกต. เลือกตั้ง พรรค"], [None, None], section_model)
    assert all(0.0 <= g.confidence <= 1.0 for g in guesses)
    assert guesses[1].confidence > 0.5


def test_train_needs_two_sections() -> None:
    with pytest.raises(ValueError, match="two sections"):
        train([Example("ข่าว", "social")])


def test_shipped_examples_cover_every_section() -> None:
    assert len(sample_examples()) == 46
    assert {e.section for e in default_examples()} == set(SECTIONS)


def test_retrain_keeps_the_better_model(tmp_path: Path) -> None:
    path = tmp_path / "sections.pkl"
    evaluation = [
        Example(r["text"], r["section"]) for r in news_eval_rows() if news_half(r["id"]) == "dev"
    ]
    good = seed_examples() + thaigov_examples()[::4]
    first = retrain(good, evaluation, path)
    assert first.kept_new and path.exists() and first.old_score is None
    worse = [Example(e.text, "foreign") for e in good] + [Example("กกต.", "politics")]
    second = retrain(worse, evaluation, path)
    assert not second.kept_new and second.new_score < (second.old_score or 0)
    assert SectionModel.load(path).trained_on == first.trained_on


def test_the_sample_report_stays_a_test(section_model: SectionModel) -> None:
    """The shipped model never saw the sample's rows, and still sorts most of them."""
    from msoc.nlp.heldout import sections_sample

    assert section_model.trained_on == len(default_examples())
    assert sections_sample(section_model)["macro_f1"] >= 0.88  # 0.900 measured


def test_topics_from_the_lexicon() -> None:
    tagger = default_tagger()
    assert tagger.tag(["แม่ยายแจ้งจับ ลูกเขยเมาขาดสติ"]) == [["family_violence"]]
    assert tagger.tag(["ตร.จับแก๊งคอลเซ็นเตอร์"]) == [["scam"]]
    assert "storm" not in tagger.tag(["พปชร. เตือนพายุเศรษฐกิจ"])[0]
    assert tagger.tag(["ค่าฝุ่น PM 2.5 เกินมาตรฐาน"]) == [["air_quality"]]
    topics = load_topics()
    assert len(topics) >= 17 and all(t.definition and t.terms for t in topics)


def test_edited_lexicon_is_used_and_bad_patterns_are_named(tmp_path: Path) -> None:
    table = tmp_path / "topics.tsv"
    table.write_text(
        "key\tname_th\tdefinition\tlexicon\nrain\tฝน\tฝนตก\tฝนตก|~พายุ(?!ดี)\n", encoding="utf-8"
    )
    assert TopicTagger(load_topics(table)).tag(["ฝนตกหนัก", "ข่าวอื่น"]) == [["rain"], []]
    table.write_text("key\tname_th\tdefinition\tlexicon\nbad\tผิด\tผิด\t~(ไม่ปิด\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad"):
        load_topics(table)


def test_topic_model_learns_from_labelled_examples() -> None:
    tagger = TopicTagger(load_topics())
    examples = [(f"ข่าวแก๊งซิ่งมอเตอร์ไซค์ครั้งที่ {i}", ["children_at_risk"]) for i in range(6)]
    examples += [(f"ข่าวการประชุมสภาครั้งที่ {i}", []) for i in range(6)]
    tagger.fit(examples)
    assert "children_at_risk" in tagger.models
    assert tagger.tag(["แก๊งซิ่งมอเตอร์ไซค์ป่วนเมือง"]) == [["children_at_risk"]]


@pytest.mark.django_db
def test_msoc_train_stores_a_model(tmp_path: Path) -> None:
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "models" / "sections.pkl"
    out = StringIO()
    call_command("train", model=str(path), stdout=out)
    assert path.exists() and "ใช้โมเดลใหม่" in out.getvalue()
    assert SectionModel.load(path).trained_on == len(default_examples())
    assert "ครึ่ง dev" in out.getvalue()  # the test half only reports, it never chooses


@pytest.mark.django_db
def test_the_shipped_model_is_what_msoc_train_package_builds(tmp_path: Path) -> None:
    """The model in the package loads without training and matches a rebuild from shipped data."""
    from io import StringIO

    from django.core.management import call_command

    import msoc.nlp.classify as cl

    assert cl.PACKAGED_MODEL.stat().st_size < 4_000_000
    cl._DEFAULT.clear()
    shipped = cl.load_or_train(tmp_path / "absent.pkl")
    assert not cl._DEFAULT and shipped.trained_on == len(default_examples())
    path = tmp_path / "rebuilt.pkl.xz"
    call_command("train", package=True, model=str(path), stdout=StringIO())
    texts = [r["text"] for r in news_eval_rows()[:40]]
    assert np.allclose(SectionModel.load(path).proba(texts), shipped.proba(texts), atol=1e-4)


def test_a_model_of_other_software_is_not_used(tmp_path: Path) -> None:
    """A stored model pickled under another scikit-learn is refused; the shipped one serves."""
    import lzma
    import pickle

    import msoc.nlp.classify as cl

    path = tmp_path / "old.pkl.xz"
    shipped = SectionModel.load(cl.PACKAGED_MODEL)
    payload = {"format": cl.MODEL_FORMAT, "sklearn": "0.1", "model": shipped}
    path.write_bytes(lzma.compress(pickle.dumps(payload)))
    with pytest.raises(ValueError, match="scikit-learn 0.1"):
        SectionModel.load(path)
    path.write_bytes(lzma.compress(pickle.dumps(shipped)))  # the format before issue 16
    with pytest.raises(TypeError):
        SectionModel.load(path)
    assert cl.load_or_train(path).trained_on == shipped.trained_on


def test_word_features_are_newmm_words_and_pairs() -> None:
    from msoc.nlp.classify import word_ngrams

    grams = word_ngrams("ตำรวจจับคนร้าย")
    assert "ตำรวจ" in grams and any(" " in g for g in grams)


def test_features_counted_by_counter_equal_scikit_learns(section_model: SectionModel) -> None:
    from msoc.nlp.classify import _feature_matrix
    from msoc.nlp.segment import fold_for_match

    texts = [r["text"] for r in news_eval_rows()[:200]]
    texts += ["", " ", "๑๒๓ ABC abc", "ข่าว ข่าว ข่าว ข่าว", "\u0e40\u0e40ปลก  ๆ"]
    folded = [fold_for_match(t) for t in texts]
    ours = _feature_matrix(section_model.pipeline, folded)
    theirs = section_model.pipeline.named_steps["features"].transform(folded)
    assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
    assert (ours != theirs).nnz == 0
    probabilities = section_model.proba(texts)
    expected = section_model.pipeline.predict_proba(folded)
    for j, name in enumerate(section_model.classes):
        assert np.array_equal(probabilities[:, SECTIONS.index(name)], expected[:, j])

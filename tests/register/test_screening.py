"""Risk screening on synthetic waves: held-out quality floors, calibration, JSON, explanations."""

from __future__ import annotations

import json

import numpy as np
import pytest

from msoc.register import poverty, screening, screening_evaluation, synthetic
from msoc.register.screening import (
    ScreeningError,
    ScreeningModel,
    expected_calibration_error,
    precision_at,
    reliability_table,
)
from msoc.register.screening_evaluation import Evaluation
from msoc.register.tables import Register, take

# Floors, measured when written on these seeds (wave 1 seed 11, wave 2 seed 12, split seed 3):
# AUC 0.900, Brier 0.104, ECE 0.008, precision in each province's top 10 % 0.869 at a base rate
# of 0.289 (lift 3.0); other split seeds gave AUC 0.892–0.906 and ECE 0.008–0.013. With the
# shared household hardship in the generator: AUC 0.907, Brier 0.102, ECE 0.007, precision
# 0.883 at a base rate of 0.302 (lift 2.9); split seeds 1, 2: AUC 0.909/0.901, ECE 0.010/0.017.
# The margins leave room for small changes to the generator; falling below them is a real
# regression.
AUC_FLOOR = 0.85
ECE_CEILING = 0.05
BRIER_CEILING = 0.13
LIFT_FLOOR = 2.5  # precision in each province's top 10 % over the base rate

N_HOUSEHOLDS = 40_000


@pytest.fixture(scope="module")
def config() -> poverty.PovertyConfig:
    return poverty.load_config()


@pytest.fixture(scope="module")
def waves() -> tuple[Register, Register]:
    wave1 = synthetic.generate(N_HOUSEHOLDS, seed=11)
    return wave1, synthetic.next_wave(wave1, seed=12)


@pytest.fixture(scope="module")
def evaluation(waves: tuple[Register, Register], config: poverty.PovertyConfig) -> Evaluation:
    return screening_evaluation.evaluate(*waves, config, seed=3, compare_boosting=True)


@pytest.fixture(scope="module")
def model(evaluation: Evaluation) -> ScreeningModel:
    assert evaluation.model is not None
    return evaluation.model


def test_held_out_districts_meet_the_floors(evaluation: Evaluation) -> None:
    ev = evaluation
    assert ev.n_test > 5_000 and ev.test_districts >= 50
    assert 0.02 < ev.positive_rate < 0.6
    assert ev.auc >= AUC_FLOOR, ev
    assert ev.ece <= ECE_CEILING, ev
    assert ev.brier <= BRIER_CEILING, ev
    # Better than always saying the base rate (Brier = p(1-p)).
    assert ev.brier < ev.positive_rate * (1 - ev.positive_rate)
    assert ev.precision_top10_province >= LIFT_FLOOR * ev.positive_rate, ev
    # Honest: households not poor now are ranked better than chance too.
    assert ev.auc_not_poor_now > 0.65, ev
    assert ev.boosting_auc is not None and ev.boosting_auc > 0.7
    assert "AUC" in ev.summary_th() and "อำเภอ" in ev.summary_th()


def test_split_is_by_district(
    waves: tuple[Register, Register], config: poverty.PovertyConfig
) -> None:
    """No district appears on both sides: the split helper groups by district code."""
    district = waves[0].households["district_code"]
    train_rows, test_rows = screening._group_split(district, 0.3, seed=3)
    assert not set(district[train_rows].tolist()) & set(district[test_rows].tolist())


def test_reliability_table_adds_up(evaluation: Evaluation) -> None:
    table = evaluation.reliability
    assert len(table) == 10
    assert sum(row["n"] for row in table) == evaluation.n_test
    for row in table:
        if row["n"] >= 200:  # a well-filled bin is close to its observed rate
            assert abs(row["mean_predicted"] - row["observed"]) < 0.08, row


def test_metric_helpers() -> None:
    y = np.array([0, 0, 1, 1, 0, 1, 0, 0, 0, 1])
    perfect = y.astype(float)
    assert expected_calibration_error(y, perfect) == pytest.approx(0.0)
    assert expected_calibration_error(y, np.full(10, 0.4)) == pytest.approx(0.0)
    assert expected_calibration_error(y, np.full(10, 0.9)) == pytest.approx(0.5)
    assert precision_at(y, perfect, 0.2) == 1.0
    table = reliability_table(y, np.linspace(0, 1, 10))
    assert table[-1]["high"] == 1.0 and sum(r["n"] for r in table) == 10


def test_json_round_trip_gives_identical_scores(
    model: ScreeningModel, waves: tuple[Register, Register], config: poverty.PovertyConfig
) -> None:
    text = model.to_json()
    data = json.loads(text)
    assert data["format"] == "msoc-screening/1"
    assert "ไม่ใช่การตัดสิน" in data["advisory_th"]
    assert "pickle" not in text
    again = ScreeningModel.from_json(text)
    wave1 = waves[0]
    first = model.score(wave1, config)
    assert np.array_equal(first, again.score(wave1, config))
    assert first.shape == (wave1.n_households,)
    assert ((first >= 0) & (first <= 1)).all()
    assert again.to_json() == text


def test_bad_json_and_mismatched_config(
    model: ScreeningModel, config: poverty.PovertyConfig
) -> None:
    with pytest.raises(ScreeningError):
        ScreeningModel.from_json('{"format": "other"}')
    with pytest.raises(ScreeningError):
        ScreeningModel.from_json('{"format": "msoc-screening/1"}')
    fewer = poverty.PovertyConfig(
        config.name, config.label_th, config.dimensions, config.indicators[:-1], config.k
    )
    with pytest.raises(ScreeningError):
        model._check(fewer)


def test_explanations_are_thai_and_consistent(
    model: ScreeningModel, waves: tuple[Register, Register], config: poverty.PovertyConfig
) -> None:
    wave1 = waves[0]
    risk = model.score(wave1, config)
    riskiest = int(np.argmax(risk))
    factors = model.explain(wave1, riskiest, top=3, config=config)
    assert 1 <= len(factors) <= 3
    assert factors[0].raises_risk
    contributions = [f.contribution for f in factors]
    positives = [c for c in contributions if c > 0]
    assert positives == sorted(positives, reverse=True)
    assert all(any("\u0e00" <= ch <= "\u0e7f" for ch in f.label_th) for f in factors)
    assert factors[0].direction_th == "เพิ่มความเสี่ยง"
    # The explanation is exact for the linear part: contributions sum to logit − intercept.
    x, keys = screening.feature_matrix(
        take(wave1, wave1.households["hh_id"][riskiest : riskiest + 1]), config
    )
    z = (x[0] - model.mean) / model.scale
    assert float(np.sum(model.coef * z)) == pytest.approx(
        float(model._logits(x)[0] - model.intercept)
    )
    assert keys == model.feature_keys


def test_labels_follow_the_direction_of_each_feature(model: ScreeningModel) -> None:
    """A household differing from the mean in one feature, in the direction that raises the
    risk, is explained with the wording of that direction."""
    for i, key in enumerate(model.feature_keys):
        if abs(model.coef[i]) < 1e-6:
            continue
        row = model.mean.copy()
        row[i] += np.sign(model.coef[i]) * 2 * model.scale[i]
        (factor,) = model.factors(row, top=1, min_effect=0.0)
        assert factor.key == key and factor.raises_risk
        expected = model.high_th[i] if model.coef[i] > 0 else model.low_th[i]
        assert factor.label_th == expected
    i = model.feature_keys.index("log_income_pp")
    assert model.low_th[i] == "รายได้ต่อคนต่ำ"
    i = model.feature_keys.index("elderly_alone")
    assert model.high_th[i] == "มีผู้สูงอายุอยู่ลำพัง"
    # Being below the จปฐ. income line now raises next year's risk.
    i = model.feature_keys.index("dep_income_per_person")
    assert model.coef[i] > 0


def test_scores_never_claim_certainty(
    model: ScreeningModel, waves: tuple[Register, Register], config: poverty.PovertyConfig
) -> None:
    risk = model.score(waves[0], config)
    assert risk.min() >= screening.RISK_FLOOR and risk.max() <= screening.RISK_CEILING


def test_rare_label_is_refused_not_fitted(
    waves: tuple[Register, Register], config: poverty.PovertyConfig
) -> None:
    """AF-poor at k = 1/3 is too rare in a small, well-off register (Bangkok, where well
    under 1 % of people are AF-poor): an error in Thai, not a noisy model."""
    wave1, wave2 = waves
    ids = wave1.households["hh_id"][wave1.households["province_code"] == 1][:3_000]
    with pytest.raises(ScreeningError, match="อย่างน้อย"):
        screening.train(take(wave1, ids), take(wave2, ids), config, label="af_poor")
    with pytest.raises(ScreeningError):
        screening.labels(wave1, wave2, config, label="something")


def test_af_poor_with_a_lower_cutoff(
    waves: tuple[Register, Register], config: poverty.PovertyConfig
) -> None:
    """The Alkire–Foster label works too, at a cut-off that leaves enough poor households."""
    vulnerable = config.with_k("1/10")
    ev = screening_evaluation.evaluate(*waves, vulnerable, seed=3, label="af_poor")
    assert ev.model is not None and ev.model.label == "af_poor"
    assert ev.model.meta["k"] == "1/10"
    assert ev.auc >= AUC_FLOOR and ev.ece <= ECE_CEILING, ev


def test_rank_is_limited_to_the_province(
    model: ScreeningModel, waves: tuple[Register, Register], config: poverty.PovertyConfig
) -> None:
    wave1 = waves[0]
    province = int(np.bincount(wave1.households["province_code"]).argmax())
    ranked = model.rank(wave1, province, limit=50, config=config)
    ids = wave1.households["hh_id"][wave1.households["province_code"] == province]
    assert 0 < len(ranked) <= 50
    assert {hh for hh, _, _ in ranked} <= set(ids.tolist())
    scores = [s for _, s, _ in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(factors and factors[0].label_th for _, _, factors in ranked[:10])
    full = model.rank(wave1, province, config=config)
    assert len(full) == len(ids)
    # The same scores as scoring the whole register: rows depend only on their own household.
    everyone = model.score(wave1, config)
    by_id = dict(zip(wave1.households["hh_id"].tolist(), everyone.tolist(), strict=True))
    assert all(by_id[hh] == pytest.approx(s) for hh, s, _ in full[:100])


def test_train_uses_everything_and_isotonic_works(
    waves: tuple[Register, Register], config: poverty.PovertyConfig
) -> None:
    wave1, wave2 = waves
    small1 = take(wave1, wave1.households["hh_id"][:15_000])
    small2 = take(wave2, wave1.households["hh_id"][:15_000])
    model = screening.train(small1, small2, config, method="isotonic")
    assert model.calibration["method"] == "isotonic"
    again = ScreeningModel.from_json(model.to_json())
    assert np.array_equal(model.score(small1, config), again.score(small1, config))
    labels = screening.labels(small1, small2, config)
    assert set(np.unique(labels).tolist()) <= {-1, 0, 1}
    assert model.meta["n_train"] + model.meta["n_calibration"] == int((labels >= 0).sum())

"""Indicator configuration, the Alkire-Foster worked example and the TPMAP rule (pure Python)."""

from __future__ import annotations

import re
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from msoc.register.indicator_config import ConfigError, load_config, parse_config
from msoc.register.poverty import (
    area_index,
    area_sql,
    household_sql,
    reference_compute,
)
from tests.register.poverty_cases import (
    AF_CENSORED_K2,
    AF_COUNTS,
    AF_EXPECTED,
    TPMAP_EXPECTED,
    af_config,
    af_register,
    tpmap_register,
)

THAI = re.compile(r"[\u0e00-\u0e7f]")


def test_default_config_is_tpmap_17_indicators_in_5_dimensions() -> None:
    config = load_config()
    assert [d.key for d in config.dimensions] == ["health", "living", "education", "income", "access"]  # fmt: skip
    assert len(config.indicators) == 17
    assert config.indicator_keys()[0] == "newborn_weight"
    assert config.indicator_keys()[-1] == "disabled_care"
    assert config.k == Fraction(1, 3)
    assert sum(i.weight for i in config.indicators) == 1
    assert all(d.weight == Fraction(1, 5) for d in config.dimensions)
    # Nested equal weights: 4 + 4 + 4 indicators at 1/20, 3 at 1/15, 2 at 1/10.
    assert config.denominator == 60
    assert config.points == (3,) * 12 + (4, 4, 4, 6, 6)
    assert sum(config.points) == 60
    assert config.cutoff == 20  # ceil(60 / 3)
    for item in (*config.dimensions, *config.indicators):
        assert THAI.search(item.label_th), item.key
    rule = config.indicators[config.indicator_keys().index("income_per_person")].rule
    assert (rule.scope, rule.column, rule.below) == ("per_person", "income_year", 38_000)


def test_cutoff_is_exact() -> None:
    config = load_config()
    assert config.with_k("1/3").cutoff == 20
    assert config.with_k("21/60").cutoff == 21
    assert config.with_k(Fraction(1, 7)).cutoff == 9  # 60/7 = 8.57 → a household needs 9 points
    assert config.with_k(1).cutoff == 60


@pytest.mark.parametrize("k", ["1/2", "1/4"])
def test_alkire_foster_worked_example(k: str) -> None:
    """Alkire & Foster (2011, JPubE 95: 476–487): H, A and M0 from the paper, exactly."""
    result = reference_compute(af_register(), af_config(k))
    assert result.households["points"].tolist() == list(AF_COUNTS)  # weights 1/4 → 1 point each
    national = result.national
    assert national.headcount == AF_EXPECTED[k]["H"]
    assert national.intensity == AF_EXPECTED[k]["A"]
    assert national.mpi == AF_EXPECTED[k]["M0"]
    assert isinstance(national.mpi, Fraction)
    # M0 is also the weighted sum of censored headcount ratios; contributions add up to 100 %.
    weights = [i.weight for i in af_config(k).indicators]
    assert sum(w * h for w, h in zip(weights, national.censored_headcount, strict=True)) == national.mpi  # fmt: skip
    assert sum(national.contribution) == 100
    if k == "1/2":
        assert national.censored_headcount == AF_CENSORED_K2
        assert national.contribution == (Fraction(50, 3), Fraction(100, 3), Fraction(50, 3), Fraction(100, 3))  # fmt: skip
        # Uncensored headcounts count the deprived whether poor or not (person 4 in y2).
        assert national.uncensored_headcount == (Fraction(1, 4), Fraction(3, 4), Fraction(1, 4), Fraction(1, 2))  # fmt: skip
    assert result.area("subdistrict", 400101) == replace(national, level="subdistrict", code=400101)


def test_tpmap_rule_and_rule_scopes() -> None:
    config = load_config()
    result = reference_compute(tpmap_register(), config)
    keys = config.indicator_keys()
    for hh_id, deprived, points, af, tpmap in zip(
        *(
            result.households[c].tolist()
            for c in ("hh_id", "deprived", "points", "af_poor", "tpmap_poor")
        ),  # fmt: skip
        strict=True,
    ):
        expected = TPMAP_EXPECTED[hh_id]
        assert {i.key for i in config.decode(deprived)} == expected, hh_id
        assert points == sum(config.points[keys.index(k)] for k in expected)
        assert tpmap == int(bool(expected)), hh_id  # target poor: deprived in ANY indicator
        assert af == int(points >= 20), hh_id
    assert result.households["af_poor"].tolist() == [0, 0, 0, 0, 0, 1, 0]
    national = result.national
    assert (national.households, national.people) == (7, 13)
    assert (national.tpmap_poor_households, national.tpmap_poor_people) == (3, 2 + 1 + 2)
    assert (national.af_poor_households, national.af_poor_people) == (1, 2)
    # TPMAP poor people per dimension: health (hh 2 and 6), living (6), income (5 and 6), access (6).
    assert national.tpmap_dimension_people == (4, 2, 0, 3, 2)
    assert national.intensity == Fraction(25, 60)
    # Sub-district 410101 holds households 5–7: only household 6 (2 people) is AF poor.
    assert result.area("subdistrict", 410101).headcount == Fraction(2, 4)
    assert result.area("province", 40).af_poor_people == 0


def test_area_index_from_integers_alone() -> None:
    """Every engine hands area_index the same integers, so it alone fixes the indices."""
    config = af_config("1/2")
    counts: dict[str, int] = {
        "people": 4, "households": 4, "af_poor_people": 2, "af_poor_households": 2,
        "tpmap_poor_people": 3, "tpmap_poor_households": 3, "poor_points": 6,
        "poor_points_households": 6,
        **{f"c_{i}": v for i, v in enumerate((1, 2, 1, 2))},
        **{f"ch_{i}": v for i, v in enumerate((1, 2, 1, 2))},
        **{f"u_{i}": v for i, v in enumerate((1, 3, 1, 2))},
        **{f"uh_{i}": v for i, v in enumerate((1, 3, 1, 2))},
        **{f"t_{j}": v for j, v in enumerate((1, 3, 1, 2))},
        **{f"th_{j}": v for j, v in enumerate((1, 3, 1, 2))},
    }  # fmt: skip
    area = area_index("national", 0, counts, config)
    assert (area.headcount, area.intensity, area.mpi) == (Fraction(1, 2), Fraction(3, 4), Fraction(3, 8))  # fmt: skip
    empty = area_index("national", 0, dict.fromkeys(counts, 0), config)
    assert (empty.headcount, empty.intensity, empty.mpi) == (0, 0, 0)
    assert empty.as_dict(config)["indicators"]["y1"]["contribution_pct"] == 0.0


def test_sql_is_built_from_whitelisted_names_only() -> None:
    config = load_config()
    sql = household_sql(config) + area_sql(config)
    assert ";" not in sql and "--" not in sql
    assert "38000 * COALESCE(m.n_members, 0)" in sql
    assert "(age >= 6) AND (age <= 14) AND (in_school = 0)" in sql


# ── validation ──────────────────────────────────────────────────────────────────────────────


def _minimal() -> dict[str, Any]:
    return {
        "k": "1/3",
        "dimensions": [
            {"key": "health", "label_th": "สุขภาพ", "weight": "1/2"},
            {"key": "income", "label_th": "รายได้", "weight": "1/2"},
        ],
        "indicators": [
            {"key": "food", "dimension": "health", "label_th": "อาหาร", "weight": "1/2",
             "scope": "household", "column": "food_safe", "fails": 0},
            {"key": "school", "dimension": "income", "label_th": "รายได้", "weight": "1/2",
             "scope": "member", "where": [["age", ">=", 6]], "column": "in_school", "fails": 0},
        ],
    }  # fmt: skip


def test_minimal_config_is_valid() -> None:
    config = parse_config(_minimal())
    assert config.points == (1, 1) and config.cutoff == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["indicators"][0].update(column="food_safe; DROP TABLE x"),
            r"indicator 'food'.*column",
        ),  # fmt: skip
        (
            lambda d: d["indicators"][1].update(column="food_safe"),
            r"indicator 'school'.*not a member column",
        ),  # fmt: skip
        (
            lambda d: d["indicators"][1].update(where=[["age", "LIKE", 6]]),
            r"indicator 'school'.*operator 'LIKE'",
        ),  # fmt: skip
        (
            lambda d: d["indicators"][1].update(where=[["age", ">=", "6"]]),
            r"indicator 'school'.*must be a number",
        ),  # fmt: skip
        (
            lambda d: d["indicators"][1].update(where=[["age", ">="]]),
            r"indicator 'school'.*\[column, operator, number\]",
        ),  # fmt: skip
        (lambda d: d["indicators"][0].update(weight=0.5), r"indicator 'food'.*exact fraction"),
        (lambda d: d["indicators"][0].update(weight="1/3"), r"dimension 'health'.*sum to 1/3"),
        (lambda d: d["dimensions"][1].update(weight="1/3"), r"dimension 'income'.*sum to 1/2"),
        (
            lambda d: d["indicators"][0].update(dimension="wealth"),
            r"indicator 'food'.*unknown dimension 'wealth'",
        ),  # fmt: skip
        (lambda d: d["indicators"][1].update(key="food"), r"indicator 'food'.*twice"),
        (lambda d: d["indicators"][0].pop("label_th"), r"indicator 'food'.*label_th"),
        (lambda d: d["indicators"][0].update(below=1), r"indicator 'food'.*exactly one of fails"),
        (lambda d: d["indicators"][0].update(scope="village"), r"indicator 'food'.*scope"),
        (lambda d: d["indicators"][0].update(fail=0), r"indicator 'food'.*unknown setting.*fail"),
        (
            lambda d: d["indicators"][1].update(scope="per_person", column="income_year"),
            r"indicator 'school'.*per_person",
        ),  # fmt: skip
        (lambda d: d.update(k="0"), r"k: 0 must be in \(0, 1\]"),
        (lambda d: d.update(k=0.3), r"k: 0.3 must be an exact fraction"),
        (lambda d: d.update(indicators=[]), r"at least one \[\[indicators\]\]"),
    ],
)
def test_bad_config_names_the_problem(change: Any, message: str) -> None:
    data = _minimal()
    change(data)
    with pytest.raises(ConfigError, match=message):
        parse_config(data)


def test_bad_toml_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('k = "1/3"\n[[dimensions]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path)
    text = (Path(__file__).resolve().parents[2] / "msoc/data/register/indicators.toml").read_text(encoding="utf-8")  # fmt: skip
    path.write_text(text.replace('column = "in_school"', 'column = "in_schol"'), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"indicator 'compulsory_school': column 'in_schol'"):
        load_config(path)

"""Re-indexing one province and summing regions and the nation equals a full re-index exactly."""

from __future__ import annotations

import numpy as np
import pytest

from msoc.register import engines, synthetic
from msoc.register.areas import province_regions
from msoc.register.incremental import (
    REGION_CODES,
    IncrementalIndex,
    compute_province,
    split_by_province,
)
from msoc.register.indicator_config import load_config
from msoc.register.poverty import IndexResult
from msoc.register.tables import Register, concat, take

PROVINCES = [1, 2, 20, 40, 63, 75]  # Bangkok, central, North-East, North, South, deep South


@pytest.fixture(scope="module")
def register() -> Register:
    return synthetic.generate(4000, seed=23, provinces=PROVINCES)


def _indexed(register: Register) -> IncrementalIndex:
    index = IncrementalIndex(load_config())
    for code, part in split_by_province(register).items():
        index.update(code, part)
    return index


def _assert_same(a: IndexResult, b: IndexResult) -> None:
    assert [(x.level, x.code) for x in a.areas] == [(x.level, x.code) for x in b.areas]
    for x, y in zip(a.areas, b.areas, strict=True):
        assert x == y, (x.level, x.code)
    assert a.same_as(b)


def test_provinces_summed_equal_one_full_compute(register: Register) -> None:
    index = _indexed(register)
    assert sorted(index.parts) == PROVINCES
    _assert_same(index.result(), engines.compute(register, load_config()))


def test_one_province_reuploaded_equals_full_reindex(register: Register) -> None:
    config = load_config()
    index = _indexed(register)
    before = dict(index.parts)
    old_national = index.national
    codes = register.households["province_code"]
    # Lampang re-uploads: the same households one year on (other flags, members, sizes).
    lampang = synthetic.next_wave(take(register, codes == 40), seed=99)
    index.update(40, lampang)
    full = engines.compute(concat([take(register, codes != 40), lampang]), config)
    _assert_same(index.result(), full)
    assert index.national == full.national != old_national
    for code in PROVINCES:  # only Lampang was computed again
        assert (index.parts[code] is before[code]) == (code != 40)


def test_regions_equal_each_region_computed_alone(register: Register) -> None:
    config = load_config()
    index = _indexed(register)
    of = province_regions()
    codes = register.households["province_code"]
    regions = index.regions()
    assert [r.code for r in regions] == sorted({REGION_CODES[of[p]] for p in PROVINCES})
    for region in regions:
        members = [p for p in PROVINCES if REGION_CODES[of[p]] == region.code]
        alone = engines.compute(take(register, np.isin(codes, members)), config).national
        assert region.counts() == alone.counts()
        assert (region.headcount, region.intensity, region.mpi) == (
            alone.headcount, alone.intensity, alone.mpi,
        )  # fmt: skip
        assert region.tpmap_rate == alone.tpmap_rate


def test_a_province_emptied_leaves_the_sums(register: Register) -> None:
    config = load_config()
    index = _indexed(register)
    codes = register.households["province_code"]
    assert index.update(63, take(register, codes == -1)) is None
    assert 63 not in index.parts
    _assert_same(index.result(), engines.compute(take(register, codes != 63), config))


def test_another_provinces_households_are_refused(register: Register) -> None:
    codes = register.households["province_code"]
    with pytest.raises(ValueError, match="จังหวัดอื่น"):
        compute_province(40, take(register, np.isin(codes, [40, 20])), load_config())

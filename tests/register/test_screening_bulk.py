"""Scoring in bulk gives what the per-household functions give, row for row."""

from __future__ import annotations

import numpy as np

from msoc.register import screening, synthetic
from msoc.register.areas import province_regions
from msoc.register.indicator_config import load_config
from msoc.register.screening_features import _regions_of


def test_top_factors_of_every_row_equal_factors_row_by_row() -> None:
    config = load_config()
    wave1 = synthetic.generate(4000, seed=3)
    model = screening.train(wave1, synthetic.next_wave(wave1, seed=4), config)
    x, _keys = screening.feature_matrix(synthetic.generate(2000, seed=5), config)
    for min_effect in (0.05, 0.5):
        index, contribution = model.top_factors(x, 3, min_effect)
        assert index.shape == (len(x), 3)
        assert (index[:, 0] >= 0).any() and (index[:, 2] == -1).any() == (min_effect == 0.5)
        for i in range(len(x)):
            one = model.factors(x[i], 3, min_effect)
            assert [model.feature_keys[j] for j in index[i] if j >= 0] == [f.key for f in one]
            assert contribution[i][: len(one)].tolist() == [f.contribution for f in one]


def test_regions_looked_up_in_bulk_equal_the_table() -> None:
    regions = province_regions()
    codes = np.array([*regions, 0, 99, 1], dtype=np.int16)
    expected = [regions.get(int(c), "central") for c in codes]
    assert _regions_of(codes).tolist() == expected

"""Synthetic registers for demos, tests and benchmarks, and the panel the screening model trains on.

Nothing here is real personal data: names, birth dates and ID numbers come from
msoc.register.synthetic, whose ID numbers all start with 0 so none can be a citizen's.
The writes (storing a generated register, seeding duplicates) are in actions/synthetic.py.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from msoc.apps.register.models import Household
from msoc.register import synthetic
from msoc.register.tables import Register


def synthetic_codes(register: Register) -> list[str]:
    """House codes of a synthetic register: S<year>-<sub-district>-<id>."""
    h = register.households
    return [
        f"S{int(y)}-{int(s)}-{int(i):07d}"
        for y, s, i in zip(h["year"], h["subdistrict_code"], h["hh_id"], strict=True)
    ]


def household_addresses(register: Register, people: dict[str, np.ndarray]) -> dict[str, list[str]]:
    """House and village numbers per household, taken from its first member's row."""
    first = np.unique(register.members["hh_id"], return_index=True)
    row_of = dict(zip(first[0].tolist(), first[1].tolist(), strict=True))
    rows = [row_of[int(hh)] for hh in register.households["hh_id"]]
    return {
        "house_no": [str(people["house_no"][r]) for r in rows],
        "village_no": [str(people["village_no"][r]) for r in rows],
    }


def next_id() -> int:
    """Synthetic ids continue after the stored ones so codes stay unique across runs."""
    last = Household.objects.filter(origin="synthetic").order_by("-pk").first()
    if last is None:
        return 1
    try:
        return int(last.code.rsplit("-", 1)[1]) + 1
    except (IndexError, ValueError):
        return last.pk + 1_000_000


def train_panel(
    provinces: Sequence[int], *, households: int = 20000, seed: int = 7
) -> tuple[Register, Register]:
    """A synthetic two-wave panel of the provinces, for training when no real panel exists."""
    wave1 = synthetic.generate(households, seed=seed, provinces=list(provinces))
    return wave1, synthetic.next_wave(wave1, seed=seed + 1)

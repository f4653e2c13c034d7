"""Likely duplicate households in the register: shared members and the same address.

Built on the person matching of :mod:`msoc.register.matching`: two households that share
likely-same persons, or that give the same address, are listed with a score between 0 and 1
and the reasons in Thai, for an officer to review (nothing is merged here).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from msoc.register.matching import (
    Candidate,
    PersonRecord,
    find_duplicates,
    house_number,
    village_number,
)

__all__ = ["HouseholdCandidate", "find_duplicate_households"]


@dataclass(frozen=True, slots=True)
class HouseholdCandidate:
    """Two households that look like the same one: shared address and/or members."""

    household_a: Hashable
    household_b: Hashable
    score: float
    shared_members: tuple[tuple[Hashable, Hashable], ...]
    reasons: tuple[str, ...]


def find_duplicate_households(
    records: Sequence[PersonRecord],
    *,
    candidates: Sequence[Candidate] | None = None,
    threshold: float = 0.5,
    person_threshold: float = 0.8,
) -> list[HouseholdCandidate]:
    """Households that look like the same one (same address and/or shared members); advisory."""
    if candidates is None:
        candidates = find_duplicates(records, threshold=person_threshold)
    members, addresses = _members_and_addresses(records)
    shared = _shared_members(records, candidates, person_threshold)
    same_address = _same_address_pairs(addresses)
    found = []
    for pair in set(shared) | same_address:
        found_pair = _household_candidate(pair, shared.get(pair, []), pair in same_address, members)
        if found_pair.score >= threshold:
            found.append(found_pair)
    found.sort(key=lambda c: (-c.score, str(c.household_a), str(c.household_b)))
    return found


_Address = tuple[int, str, str]  # sub-district, village, house number


def _members_and_addresses(
    records: Sequence[PersonRecord],
) -> tuple[dict[Hashable, int], dict[Hashable, set[_Address]]]:
    """Each household's number of members and the addresses its members give."""
    members: dict[Hashable, int] = defaultdict(int)
    addresses: dict[Hashable, set[_Address]] = defaultdict(set)
    for r in records:
        if r.household_key is None:
            continue
        members[r.household_key] += 1
        house = house_number(r.house_no)
        if r.subdistrict_code is not None and house:
            addresses[r.household_key].add(
                (r.subdistrict_code, village_number(r.village_no), house)
            )
    return members, addresses


def _shared_members(
    records: Sequence[PersonRecord], candidates: Sequence[Candidate], person_threshold: float
) -> dict[tuple[Hashable, Hashable], list[tuple[Hashable, Hashable]]]:
    """Household pair → the likely same persons in both (person in the first, in the second)."""
    household_of = {r.key: r.household_key for r in records}
    shared: dict[tuple[Hashable, Hashable], list[tuple[Hashable, Hashable]]] = defaultdict(list)
    for c in candidates:
        if c.score < person_threshold:
            continue
        ha, hb = household_of.get(c.key_a), household_of.get(c.key_b)
        if ha is None or hb is None or ha == hb:
            continue
        pair = (ha, hb) if str(ha) <= str(hb) else (hb, ha)
        shared[pair].append((c.key_a, c.key_b) if pair[0] == ha else (c.key_b, c.key_a))
    return shared


def _same_address_pairs(
    addresses: dict[Hashable, set[_Address]],
) -> set[tuple[Hashable, Hashable]]:
    """Household pairs at one address.

    Same address with no shared member is also worth a look (the same house entered twice by two
    surveyors, members typed differently); blocked by address so it stays linear.
    """
    by_address: dict[_Address, list[Hashable]] = defaultdict(list)
    for household, places in addresses.items():
        for place in places:
            by_address[place].append(household)
    same_address: set[tuple[Hashable, Hashable]] = set()
    for households in by_address.values():
        if len(households) > 50:  # a dormitory or a block of flats: too many to be one family
            continue
        ordered = sorted(households, key=str)
        for i, ha in enumerate(ordered):
            for hb in ordered[i + 1 :]:
                same_address.add((ha, hb))
    return same_address


def _household_candidate(
    pair: tuple[Hashable, Hashable],
    persons: list[tuple[Hashable, Hashable]],
    same_address: bool,
    members: dict[Hashable, int],
) -> HouseholdCandidate:
    """Score a household pair from its shared members and address, with the reasons in Thai."""
    ha, hb = pair
    # Each person counts once even if several candidate pairs mention them.
    overlap = min(len({p for p, _ in persons}), len({q for _, q in persons}))
    smaller = max(1, min(members[ha], members[hb]))
    share = min(1.0, overlap / smaller)
    reasons = []
    score = 0.6 * share
    if same_address:
        score += 0.35
        reasons.append("ที่อยู่เดียวกัน (บ้านเลขที่ หมู่ที่ และตำบล)")
    if overlap:
        reasons.append(f"สมาชิกซ้ำกัน {overlap} จาก {smaller} คน")
        score += 0.05
    score = round(min(1.0, score), 4)
    return HouseholdCandidate(ha, hb, score, tuple(persons), tuple(reasons))

"""Likely duplicate persons in the register, for a person to review and merge.

Nothing here merges anything: :func:`find_duplicates` (and, built on it,
:func:`msoc.register.household_matching.find_duplicate_households`) only list candidate pairs with a score between 0 and 1 and the reasons in Thai, so that an
officer can open both records and decide (issue 10: "merged by a person, never automatically").

How it works:

1. **Blocking.** Comparing every pair is n²/2 comparisons (5 × 10¹³ for 10 million people), so
   only records that share at least one cheap key are compared: the same national-ID hash; the
   same birth date read loosely (day and month in either order, Buddhist or Christian year); the
   same sub-district and a Thai phonetic key of the family name; or the same phonetic keys of
   both names anywhere (people move). The phonetic keys are pythainlp's LK82 and Udom83 Thai
   soundex, which run offline. A block larger than ``max_block`` (a very common name) is not
   compared all-against-all: its records are sorted by name and each is compared only with its
   ``window`` neighbours (sorted neighbourhood), so the work stays linear in the block size.
2. **Scoring.** Each compared pair gets evidence points, Fellegi–Sunter style: agreement adds,
   disagreement subtracts, a missing value is neutral. Names are compared after removing titles
   (นาย, นางสาว, ด.ช., เด็กหญิง, …), spaces and zero-width characters, and in a loose form without
   tone marks and silent letters (จันทร์ ≈ จันทน์), with rapidfuzz; a shared soundex code counts
   as a near match (ศรีสุข ≈ ศรีสุก). Birth dates agree exactly, with day and month swapped, with
   the year off by 543 (พ.ศ./ค.ศ.) or off by one. The points become a score with a logistic curve.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np
from pythainlp.soundex import lk82, udom83
from rapidfuzz import fuzz, process

from msoc.thai import christian_year, normalize_text, to_arabic_digits

__all__ = [
    "Candidate",
    "PersonRecord",
    "candidate_pairs",
    "compare",
    "find_duplicates",
    "house_number",
    "loose_name",
    "strip_title",
    "village_number",
]

# Titles as typed in front of names; longest first so นางสาว is not read as นาง + สาว….
TITLES = (
    "เด็กชาย",
    "เด็กหญิง",
    "นางสาว",
    "น.ส.",
    "ด.ช.",
    "ด.ญ.",
    "ดช.",
    "ดญ.",
    "นาย",
    "นาง",
    "Mr.",
    "Mrs.",
    "Miss",
    "Ms.",
)
_MALE_TITLES = {"นาย", "เด็กชาย", "ด.ช.", "ดช.", "Mr."}
_FEMALE_TITLES = {"นาง", "นางสาว", "น.ส.", "เด็กหญิง", "ด.ญ.", "ดญ.", "Mrs.", "Miss", "Ms."}

# Tone marks, mai taikhu and nikhahit: people (and forms) write them inconsistently.
_TONES = re.compile("[\u0e47-\u0e4b\u0e4d]")
# A silent letter (consonant, maybe with sara i/u, under thanthakhat): จันทร์ → จันท, ศักดิ์ → ศัก.
_SILENT = re.compile("[\u0e01-\u0e2e][\u0e34\u0e38]?\u0e4c")
_NOT_LETTERS = re.compile(r"[\s.\-_'\"()]+")
_HOUSE_PREFIX = re.compile(r"^(บ้านเลขที่|เลขที่|บ้าน)\s*")
_VILLAGE_PREFIX = re.compile(r"^(หมู่ที่|หมู่|ม\.)\s*")


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """One person as the register holds them; only ``key`` is required."""

    key: Hashable
    household_key: Hashable | None = None
    title: str = ""
    given_name: str = ""
    family_name: str = ""
    birth_date: date | None = None
    national_id_hash: str | None = None
    national_id_last4: str | None = None
    subdistrict_code: int | None = None
    house_no: str = ""
    village_no: str = ""
    sex: int | None = None  # 1 male, 2 female, as in the members table


@dataclass(frozen=True, slots=True)
class Candidate:
    """A likely duplicate pair: keys, score 0–1 and the reasons in Thai (advisory only)."""

    key_a: Hashable
    key_b: Hashable
    score: float
    reasons: tuple[str, ...]


@dataclass(slots=True)
class _Prepared:
    """A record with its normalised names, keys and address computed once."""

    record: PersonRecord
    given: str
    family: str
    given_loose: str
    family_loose: str
    given_codes: tuple[str, str]
    family_codes: tuple[str, str]
    sex: int | None
    house: str
    village: str
    birth_key: tuple[int, int, int] | None


@lru_cache(maxsize=200_000)  # names repeat: a province of 1 M people has far fewer distinct ones
def strip_title(name: str, title: str = "") -> tuple[str, str]:
    """Name without a title typed in front of it (and the title found): ('นายสมชาย') → ('สมชาย', 'นาย')."""
    text = normalize_text(name)
    found = normalize_text(title)
    for candidate in TITLES:
        if text.startswith(candidate) and len(text) - len(candidate) >= 2:
            text = text[len(candidate) :].strip()
            found = found or candidate
            break
    return text, found


@lru_cache(maxsize=200_000)
def loose_name(name: str) -> str:
    """The comparison form of a name: no spaces, dots, tone marks or silent letters."""
    text = normalize_text(name)
    text = _NOT_LETTERS.sub("", text)
    text = _SILENT.sub("", text)
    return _TONES.sub("", text).lower()


@lru_cache(maxsize=200_000)
def _codes(loose: str) -> tuple[str, str]:
    """LK82 and Udom83 soundex codes of a loose name ('' for an empty or non-Thai name)."""
    if not loose or not any("\u0e01" <= ch <= "\u0e2e" for ch in loose):
        return ("", "")
    return (lk82(loose), udom83(loose))


def _sex(record: PersonRecord, title: str) -> int | None:
    """Recorded sex, else the one the title implies."""
    if record.sex in (1, 2):
        return record.sex
    if title in _MALE_TITLES:
        return 1
    if title in _FEMALE_TITLES:
        return 2
    return None


def _birth_key(d: date | None) -> tuple[int, int, int] | None:
    """Birth date read loosely: CE year and the smaller/larger of day and month."""
    if d is None:
        return None
    low, high = sorted((d.day, d.month))
    return (christian_year(d.year), low, high)


@lru_cache(maxsize=200_000)
def house_number(text: str) -> str:
    """House number in one form: Arabic digits, no prefix or spaces ('บ้านเลขที่ ๑๒ / ๓' → '12/3')."""
    text = to_arabic_digits(normalize_text(text))
    text = _HOUSE_PREFIX.sub("", text)
    return re.sub(r"\s+", "", text)


@lru_cache(maxsize=200_000)
def village_number(text: str) -> str:
    """Village (หมู่) number without prefix or leading zeros ('หมู่ที่ ๐๓' → '3')."""
    text = to_arabic_digits(normalize_text(str(text)))
    text = _VILLAGE_PREFIX.sub("", text).strip()
    return text.lstrip("0") or ("0" if text else "")


def _prepare(record: PersonRecord) -> _Prepared:
    given, title = strip_title(record.given_name, record.title)
    family, _ = strip_title(record.family_name)
    given_loose, family_loose = loose_name(given), loose_name(family)
    return _Prepared(
        record=record,
        given=given,
        family=family,
        given_loose=given_loose,
        family_loose=family_loose,
        given_codes=_codes(given_loose),
        family_codes=_codes(family_loose),
        sex=_sex(record, title),
        house=house_number(record.house_no),
        village=village_number(record.village_no),
        birth_key=_birth_key(record.birth_date),
    )


def _name_similarity(a: str, b: str, codes_a: tuple[str, str], codes_b: tuple[str, str]) -> float:
    """0–1 similarity of two loose names; a shared soundex code counts as at least 0.9."""
    if not a or not b:
        return math.nan
    if a == b:
        return 1.0
    sim = fuzz.ratio(a, b) / 100.0
    # A shared code from both soundex algorithms is strong evidence of a spelling variant;
    # from only one of them it can also be two different short names, so it counts less.
    shared = sum(1 for x, y in zip(codes_a, codes_b, strict=True) if x and x == y)
    if shared == 2:
        sim = max(sim, 0.9)
    elif shared == 1:
        sim = max(sim, 0.8)
    return sim


# --- blocking ------------------------------------------------------------------------------


def _blocking_keys(p: _Prepared) -> Iterable[tuple[object, ...]]:
    r = p.record
    if r.national_id_hash:
        yield ("id", r.national_id_hash)
    if p.birth_key is not None:
        yield ("birth", *p.birth_key)
    if r.subdistrict_code is not None:
        for code in p.family_codes:
            if code:
                yield ("area-family", r.subdistrict_code, code)
        # Family names change at marriage: given name within the area too.
        if p.given_codes[0]:
            yield ("area-given", r.subdistrict_code, p.given_codes[0])
    if p.given_codes[1] and p.family_codes[1]:
        yield ("names", p.given_codes[1], p.family_codes[1])


def _pairs_of_block(
    members: list[int], prepared: Sequence[_Prepared], max_block: int, window: int
) -> Iterable[tuple[int, int]]:
    if len(members) <= max_block:
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                yield (a, b) if a < b else (b, a)
        return
    # Sorted neighbourhood: records sorted by name, each compared with the next `window`.
    ordered = sorted(members, key=lambda i: (prepared[i].family_loose, prepared[i].given_loose))
    for pos, a in enumerate(ordered):
        for b in ordered[pos + 1 : pos + 1 + window]:
            yield (a, b) if a < b else (b, a)


def _candidate_pairs(
    prepared: Sequence[_Prepared], max_block: int, window: int, needed: float = -math.inf
) -> set[tuple[int, int]]:
    blocks: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for index, p in enumerate(prepared):
        for key in _blocking_keys(p):
            blocks[key].append(index)
    pairs: set[tuple[int, int]] = set()
    screen = needed > _BEST_WITHOUT_GIVEN
    for members in blocks.values():
        if len(members) > 1:
            if screen and _SCREEN_FROM <= len(members) <= max_block:
                pairs.update(_promising_pairs(members, prepared))
            else:
                pairs.update(_pairs_of_block(members, prepared, max_block, window))
    return pairs


# The most points a pair can get when its given names differ (−5) and no national ID agrees:
# same family name 3, birth date 4, address 2, sex 0.5. Below a threshold that needs more, only
# pairs with similar given names (or names in swapped fields, or a name or ID missing) can pass.
_BEST_WITHOUT_GIVEN = -5.0 + 3.0 + 4.0 + 2.0 + 0.5
_SCREEN_FROM = 24  # smaller blocks: their few pairs cost less than screening them with numpy
_SLACK = 1e-3  # float32 similarities: screen a little wide, the exact score decides


def _similarity_matrix(
    a: list[_Prepared], b: list[_Prepared], a_given: bool, b_given: bool
) -> np.ndarray:
    """_name_similarity of every pair of two name lists (given or family names), in C."""
    names_a = [p.given_loose if a_given else p.family_loose for p in a]
    names_b = [p.given_loose if b_given else p.family_loose for p in b]
    ratio = process.cdist(names_a, names_b, scorer=fuzz.ratio) / 100.0
    shared = np.zeros(ratio.shape, dtype=np.int8)
    for k in (0, 1):
        codes_a = np.array([(p.given_codes if a_given else p.family_codes)[k] for p in a])
        codes_b = np.array([(p.given_codes if b_given else p.family_codes)[k] for p in b])
        shared += (codes_a[:, None] == codes_b[None, :]) & (codes_a[:, None] != "")
    return np.maximum(ratio, np.select([shared == 2, shared == 1], [0.9, 0.8], 0.0))


def _promising_pairs(
    members: list[int], prepared: Sequence[_Prepared]
) -> Iterable[tuple[int, int]]:
    """Pairs of a block that can still reach the threshold (see _BEST_WITHOUT_GIVEN)."""
    block = [prepared[i] for i in members]
    given = _similarity_matrix(block, block, True, True)
    crossed = _similarity_matrix(block, block, True, False)
    ids = np.array([p.record.national_id_hash or "" for p in block])
    missing = np.array([not (p.given_loose and p.family_loose) for p in block])
    keep = (
        (given >= 0.7 - _SLACK)
        | (crossed >= 0.9 - _SLACK)
        | (crossed.T >= 0.9 - _SLACK)
        | missing[:, None]
        | missing[None, :]
        | ((ids[:, None] == ids[None, :]) & (ids[:, None] != ""))
    )
    rows, cols = np.nonzero(np.triu(keep, 1))
    for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
        a, b = members[r], members[c]
        yield (a, b) if a < b else (b, a)


def candidate_pairs(
    records: Sequence[PersonRecord], *, max_block: int = 200, window: int = 20
) -> set[tuple[int, int]]:
    """Index pairs (i < j) that blocking lets through to scoring; far fewer than n²/2."""
    return _candidate_pairs([_prepare(r) for r in records], max_block, window)


# --- scoring -------------------------------------------------------------------------------

# Points are roughly log-odds; the offset makes "names and birth date agree" about 0.99 and
# "only the names agree" about 0.5. Tuned on the labelled pairs in tests/register.
_OFFSET = 7.0


def _birth_points(a: date | None, b: date | None) -> tuple[float, str | None]:
    if a is None or b is None:
        return 0.0, None
    if a == b:
        return 4.0, "วันเกิดตรงกัน"
    ya, yb = christian_year(a.year), christian_year(b.year)
    same_dm = (a.month, a.day) == (b.month, b.day)
    swapped = (a.month, a.day) == (b.day, b.month)
    if same_dm and ya == yb:
        return 3.5, "วันเกิดตรงกันเมื่อแปลงปี พ.ศ./ค.ศ."
    if swapped and ya == yb:
        return 3.0, "วันเกิดตรงกันเมื่อสลับวันกับเดือน"
    if same_dm and abs(ya - yb) == 1:
        return 2.0, "วันและเดือนเกิดตรงกัน ปีต่างกัน ๑ ปี"
    if ya == yb and (a.month == b.month or abs((a - b).days) <= 3):
        return 1.5, "ปีและเดือนเกิดตรงกัน วันต่างกันเล็กน้อย"
    if ya == yb:
        return 0.0, None
    return -4.0, "วันเกิดไม่ตรงกัน"


def compare(a: PersonRecord, b: PersonRecord) -> Candidate:
    """Score one pair of records (0–1) with the reasons in Thai; advisory, never a merge."""
    return _compare(_prepare(a), _prepare(b))


def _compare(pa: _Prepared, pb: _Prepared) -> Candidate:
    a, b = pa.record, pb.record
    points = 0.0
    reasons: list[str] = []
    for part in (
        _id_points(a, b),
        *_name_points(pa, pb),
        _birth_part(a, b),
        _address_points(pa, pb),
        _sex_points(pa, pb),
    ):
        points += part[0]
        reasons.extend(part[1])
    score = 1.0 / (1.0 + math.exp(-(points - _OFFSET)))
    return Candidate(a.key, b.key, round(score, 4), tuple(reasons))


# Each piece of evidence: (points, the reasons in Thai it adds).
_Evidence = tuple[float, list[str]]


def _id_points(a: PersonRecord, b: PersonRecord) -> _Evidence:
    """The national ID: its hash decides strongly, its last four digits only against."""
    if a.national_id_hash and b.national_id_hash:
        if a.national_id_hash == b.national_id_hash:
            return 9.0, ["เลขประจำตัวประชาชนตรงกัน"]
        return -8.0, ["เลขประจำตัวประชาชนต่างกัน"]
    if a.national_id_last4 and b.national_id_last4 and a.national_id_last4 != b.national_id_last4:
        return -3.0, ["เลขท้ายบัตรประชาชนต่างกัน"]
    return 0.0, []


def _name_points(pa: _Prepared, pb: _Prepared) -> list[_Evidence]:
    """Given and family names, also when the two were entered in each other's field."""
    given = _name_similarity(pa.given_loose, pb.given_loose, pa.given_codes, pb.given_codes)
    family = _name_similarity(pa.family_loose, pb.family_loose, pa.family_codes, pb.family_codes)
    crossed = min(
        _name_similarity(pa.given_loose, pb.family_loose, pa.given_codes, pb.family_codes),
        _name_similarity(pa.family_loose, pb.given_loose, pa.family_codes, pb.given_codes),
    )
    swapped: _Evidence = (0.0, [])
    if crossed >= 0.9 and not (given >= 0.9 and family >= 0.9):
        given = family = crossed
        swapped = (0.0, ["ชื่อกับนามสกุลสลับช่องกัน"])
    return [
        swapped,
        _GIVEN.points(given, pa.given, pb.given),
        _FAMILY.points(family, pa.family, pb.family),
    ]


@dataclass(frozen=True)
class _NameScale:
    """Points of one name field by similarity: exact, similar (≥ 0.85), near (≥ 0.7), different."""

    label: str
    exact: float
    similar: float
    near: float
    different: float
    different_reason: str

    def points(self, similarity: float, a: str, b: str) -> _Evidence:
        """The field's points and reason; a missing name (NaN) is neutral."""
        if math.isnan(similarity):
            return 0.0, []
        if similarity == 1.0:
            return self.exact, [f"{self.label}ตรงกัน"]
        if similarity >= 0.85:
            return self.similar, [f"{self.label}คล้ายกัน ({a} / {b})"]
        if similarity >= 0.7:
            return self.near, [f"{self.label}ใกล้เคียงกัน ({a} / {b})"]
        return self.different, [self.different_reason]


_GIVEN = _NameScale("ชื่อ", 4.0, 3.0, 1.0, -5.0, "ชื่อต่างกัน")
# Women often take the husband's family name: a weak penalty only.
_FAMILY = _NameScale("นามสกุล", 3.0, 2.5, 0.5, -1.5, "นามสกุลต่างกัน (อาจเปลี่ยนเมื่อสมรส)")


def _birth_part(a: PersonRecord, b: PersonRecord) -> _Evidence:
    birth, why = _birth_points(a.birth_date, b.birth_date)
    return birth, [why] if why else []


def _address_points(pa: _Prepared, pb: _Prepared) -> _Evidence:
    a, b = pa.record, pb.record
    if a.subdistrict_code is None or b.subdistrict_code is None:
        return 0.0, []
    if a.subdistrict_code != b.subdistrict_code:
        return -0.5, ["อยู่ต่างตำบล"]
    if pa.house and pa.house == pb.house and pa.village == pb.village:
        return 2.0, ["ที่อยู่ตรงกัน (บ้านเลขที่ หมู่ที่ และตำบลเดียวกัน)"]
    return 1.0, ["อยู่ตำบลเดียวกัน"]


def _sex_points(pa: _Prepared, pb: _Prepared) -> _Evidence:
    if pa.sex is None or pb.sex is None:
        return 0.0, []
    if pa.sex == pb.sex:
        return 0.5, []
    return -4.0, ["เพศต่างกัน"]


def _points_needed(threshold: float) -> float:
    """The fewest points whose score reaches the threshold (the inverse of the logistic curve)."""
    if threshold <= 0:
        return -math.inf
    if threshold >= 1:
        return math.inf
    return _OFFSET + math.log(threshold / (1 - threshold))


def find_duplicates(
    records: Sequence[PersonRecord],
    *,
    threshold: float = 0.5,
    max_block: int = 200,
    window: int = 20,
) -> list[Candidate]:
    """Likely duplicate persons, best first, with Thai reasons; a person decides, nothing merges."""
    prepared = [_prepare(r) for r in records]
    found = []
    for i, j in _candidate_pairs(prepared, max_block, window, _points_needed(threshold)):
        candidate = _compare(prepared[i], prepared[j])
        if candidate.score >= threshold:
            found.append(candidate)
    found.sort(key=lambda c: (-c.score, str(c.key_a), str(c.key_b)))
    return found


# --- households ----------------------------------------------------------------------------

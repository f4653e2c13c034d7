"""Synthetic personal fields (names, birth dates, ID numbers, house numbers) for the members
of a synthetic register: Django demo only, never real people."""

from __future__ import annotations

import numpy as np

from msoc.register.identity import ID_WEIGHTS
from msoc.register.tables import Register
from msoc.thai import BE_OFFSET

# Name parts combined at random: the results are plausible Thai names, not lists of people.
_MALE_FIRST = (
    "สม",
    "ประ",
    "วิ",
    "สุ",
    "ธน",
    "กิตติ",
    "ชาญ",
    "อภิ",
    "ณัฐ",
    "พงศ์",
    "วีร",
    "ธีร",
    "อนุ",
    "บุญ",
    "ทวี",
    "เกียรติ",
    "ศุภ",
    "จักร",
    "ภาณุ",
    "อำนาจ",
)
_MALE_SECOND = (
    "ชาย",
    "ศักดิ์",
    "พงษ์",
    "วุฒิ",
    "ชัย",
    "พล",
    "เดช",
    "กร",
    "ภัทร",
    "นันท์",
    "ยุทธ",
    "วัฒน์",
    "ศิลป์",
    "ธร",
    "เชษฐ์",
    "สิทธิ์",
)
_FEMALE_FIRST = (
    "สม",
    "สุ",
    "วรร",
    "กนก",
    "พร",
    "นิ",
    "อร",
    "จันทร์",
    "ศิริ",
    "รัตน",
    "ปิย",
    "มณี",
    "ดวง",
    "อัญ",
    "กาญ",
    "ณัฐ",
    "ชุติ",
    "พิม",
    "เพ็ญ",
    "บุษ",
)
_FEMALE_SECOND = (
    "ใจ",
    "ดา",
    "พร",
    "รัตน์",
    "ณี",
    "วรรณ",
    "ทิพย์",
    "จิตร",
    "ศรี",
    "ลักษณ์",
    "นภา",
    "พรรณ",
    "มาศ",
    "ชนก",
    "กานต์",
    "ฤดี",
)
_FAMILY_FIRST = (
    "ศรี",
    "แก้ว",
    "บุญ",
    "ทอง",
    "สุข",
    "มณี",
    "จันทร์",
    "วงศ์",
    "พรหม",
    "อินทร์",
    "คำ",
    "เพชร",
    "ใจ",
    "รักษ์",
    "สาย",
    "ชัย",
    "นาค",
    "เงิน",
    "ดวง",
    "แสง",
)
_FAMILY_SECOND = (
    "สุข",
    "มา",
    "ดี",
    "ประเสริฐ",
    "วงศ์",
    "ทอง",
    "ศรี",
    "เจริญ",
    "พันธ์",
    "สวัสดิ์",
    "งาม",
    "ชัย",
    "รัตน์",
    "แสง",
    "สมบูรณ์",
    "ปัญญา",
    "บุตร",
    "อ่อน",
)
_FAMILY_THIRD = ("", "", "", "กุล", "วงศ์", "สกุล", "พงษ์", "ธรรม", "ศักดิ์", "ไพบูลย์")


def _compose(rng: np.random.Generator, n: int, *parts: tuple[str, ...]) -> np.ndarray:
    """n strings, each one random element of every part list joined (drawn from all combos)."""
    combos = [""]
    for part in parts:
        combos = [a + b for a in combos for b in part]
    return np.array(combos)[rng.integers(0, len(combos), n)]


def people(register: Register, *, seed: int) -> dict[str, np.ndarray]:
    """Synthetic personal fields for every member row, in member order (Django demo only)."""
    rng = np.random.default_rng(seed)
    m, h = register.members, register.households
    total = register.n_people
    hh_row = np.searchsorted(h["hh_id"], m["hh_id"], sorter=np.argsort(h["hh_id"]))
    hh_row = np.argsort(h["hh_id"])[hh_row]
    age, sex = m["age"].astype(np.int64), m["sex"]
    male = sex == 1
    married = rng.random(total) < np.where(age >= 25, 0.75, 0.1)
    married |= (m["person_no"] <= 2) & (age >= 20)
    title = np.where(
        age < 15,
        np.where(male, "เด็กชาย", "เด็กหญิง"),
        np.where(male, "นาย", np.where(married, "นาง", "นางสาว")),
    )
    given = np.where(
        male,
        _compose(rng, total, _MALE_FIRST, _MALE_SECOND),
        _compose(rng, total, _FEMALE_FIRST, _FEMALE_SECOND),
    )
    family_of_hh = _compose(rng, len(h["hh_id"]), _FAMILY_FIRST, _FAMILY_SECOND, _FAMILY_THIRD)
    own_family = _compose(rng, total, _FAMILY_FIRST, _FAMILY_SECOND, _FAMILY_THIRD)
    # Members share the household's family name; a spouse or lodger sometimes keeps their own.
    keeps_own = (m["person_no"] > 1) & (rng.random(total) < np.where(age >= 20, 0.25, 0.03))
    family = np.where(keeps_own, own_family, family_of_hh[hh_row])

    # Completed years at the survey date (1 January of the survey year, see survey_columns.py).
    year_ce = h["year"].astype(np.int64)[hh_row] - BE_OFFSET
    born_by = (year_ce - age - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    birth = born_by - rng.integers(0, 365, total).astype("timedelta64[D]")
    birth_date = np.datetime_as_string(birth, unit="D")

    digits = rng.integers(0, 10, (total, 12))
    digits[:, 0] = 0  # never a real citizen's number: real ones start with 1-8
    check = (11 - (digits * np.array(ID_WEIGHTS)).sum(axis=1) % 11) % 10
    ascii_digits = (np.column_stack([digits, check]) + ord("0")).astype(np.uint8)
    national_id = ascii_digits.view("S13").ravel().astype("U13")

    n_hh = len(h["hh_id"])
    numbers = np.array(
        [str(i) for i in range(1, 400)] + [f"{i}/{j}" for i in range(1, 400) for j in range(1, 30)]
    )
    main = rng.integers(0, 399, n_hh)
    sub = np.where(rng.random(n_hh) < 0.25, 399 + main * 29 + rng.integers(0, 29, n_hh), main)
    house = numbers[sub]
    village = rng.integers(1, 16, n_hh)
    village = np.where(h["urban"] == 1, np.where(rng.random(n_hh) < 0.5, 0, village), village)
    return {
        "title": title,
        "given_name": given,
        "family_name": family,
        "birth_date": birth_date,
        "national_id": national_id,
        "house_no": house[hh_row],
        "village_no": village[hh_row].astype(np.int16),
    }

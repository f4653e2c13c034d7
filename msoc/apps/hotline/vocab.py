"""The hotline export's vocabulary: column headers and cell values in Thai (and English) → codes.

Codes are the keys of the report contract (`HOTLINE_CHANNELS`, `HOTLINE_KINDS`, …) so that the
statistics computed from cases land in `DayTotals` exactly as the report prints them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from msoc.report.model import HOTLINE_CHANNELS, HOTLINE_KINDS, HOTLINE_REFERRALS
from msoc.thai import normalize_text

# field → accepted headers (first is the documented Thai header). See IMPORT.md.
COLUMNS: dict[str, tuple[str, ...]] = {
    "case_id": ("เลขที่เรื่อง", "เลขที่รับเรื่อง", "รหัสเรื่อง", "case_id", "case id"),
    "date": ("วันที่รับเรื่อง", "วันที่", "date"),
    "time": ("เวลา", "เวลารับเรื่อง", "time"),
    "sex": ("เพศ", "sex"),
    "channel": ("ช่องทาง", "ช่องทางการให้บริการ", "ช่องทางที่ติดต่อ", "channel"),
    "kind": ("ประเภทเรื่อง", "ประเภท", "ประเภทการติดต่อ", "kind"),
    "handling": ("การดำเนินการ", "การให้บริการ", "handling"),
    "referral": ("ส่งต่อไปยัง", "หน่วยงานที่ส่งต่อ", "referral"),
    "mobile_unit": ("หน่วยเคลื่อนที่เร็ว", "ออกหน่วยเคลื่อนที่เร็ว", "mobile_unit"),
    "province": ("จังหวัด", "province"),
    "count": ("จำนวน", "ยอดรวม", "count"),
    "name": ("ชื่อผู้ติดต่อ", "ชื่อ-สกุล", "ชื่อ", "name"),
    "phone": ("โทรศัพท์", "เบอร์โทรศัพท์", "phone"),
    "national_id": ("เลขประจำตัวประชาชน", "เลขบัตรประชาชน", "national_id"),
}
REQUIRED = ("case_id", "date", "sex", "channel", "kind", "handling")
PERSONAL = ("name", "phone", "national_id")
TOTAL_MARKERS = {"รวม", "ยอดรวม", "total"}

SEXES = {"ชาย": "male", "male": "male", "m": "male", "หญิง": "female", "female": "female",
         "f": "female", "ไม่ระบุ": "unknown", "": "unknown", "unknown": "unknown"}  # fmt: skip

CHANNEL_ALIASES = {
    "hotline": ("สายด่วน", "สายด่วน ๑๓๐๐", "โทรศัพท์สายด่วน", "hotline"),
    "online": ("สื่อออนไลน์", "ออนไลน์", "online"),
    "walk_in": ("ติดต่อด้วยตนเอง", "walk-in", "walk_in", "walkin"),
    "msoc_news": ("ข่าว ศปก.พม.", "ข่าวศปก.พม.", "ศปก.พม.", "msoc_news"),
    "inspection": ("กองตรวจฯ", "กองตรวจ", "กองตรวจราชการ", "inspection"),
}
KIND_ALIASES = {
    "new_problem": ("ปัญหาใหม่", "new_problem"),
    "follow_up": ("ติดตามปัญหาเดิม", "ติดตาม", "follow_up"),
    "inquiry": ("สอบถามข้อมูลทั่วไปเกี่ยวกับ พม.", "สอบถามข้อมูลทั่วไป", "สอบถาม", "inquiry"),
    "prank": ("ก่อกวน", "prank"),
    "wrong_number": ("โทรผิด", "wrong_number"),
    "suggestion": ("เสนอความคิดเห็น", "suggestion"),
    "complaint": ("ร้องเรียน", "complaint"),
}
HANDLING_ALIASES = {
    "ministry": ("บริการที่เกี่ยวข้องกับ พม.", "บริการ พม.", "พม.", "ministry"),
    "referred": ("การประสานส่งต่อ", "ประสานส่งต่อ", "ส่งต่อ", "referred"),
}
REFERRAL_ALIASES = {
    "counselling": ("ให้คำปรึกษา", "counselling"),
    "pmj": ("พมจ.", "pmj"),
    "ps": ("พส.", "ps"),
    "ops": ("ผส.", "ops"),
    "dcy": ("ดย.", "dcy"),
    "dep": ("พก.", "dep"),
}
YES = {"ใช่", "มี", "y", "yes", "1", "true", "✓", "x"}
NO = {"ไม่ใช่", "ไม่มี", "n", "no", "0", "false", "-", ""}

# Every channel, kind and referral of the report has its aliases (checked on import, also under -O).
for _aliases, _names in (
    (CHANNEL_ALIASES, HOTLINE_CHANNELS),
    (KIND_ALIASES, HOTLINE_KINDS),
    (REFERRAL_ALIASES, HOTLINE_REFERRALS),
):
    if set(_aliases) != set(_names):
        raise ImportError(f"hotline vocabulary: aliases differ from {sorted(_names)}")


@lru_cache(maxsize=4096)  # exports repeat the same few values on every row
def key(text: str) -> str:
    """A header or value reduced for matching: normalised, lower case, no spaces."""
    return re.sub(r"\s+", "", normalize_text(str(text))).lower()


def _index(aliases: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    return {key(alias): code for code, names in aliases.items() for alias in names}


HEADER_INDEX = _index(COLUMNS)
VALUE_INDEX: dict[str, dict[str, str]] = {
    "sex": {key(k): v for k, v in SEXES.items()},
    "channel": _index(CHANNEL_ALIASES),
    "kind": _index(KIND_ALIASES),
    "handling": _index(HANDLING_ALIASES),
    "referral": _index(REFERRAL_ALIASES),
}
ALLOWED_TEXT: dict[str, str] = {
    "sex": "ชาย, หญิง, ไม่ระบุ",
    "channel": ", ".join(HOTLINE_CHANNELS.values()),
    "kind": ", ".join(HOTLINE_KINDS.values()),
    "handling": "บริการที่เกี่ยวข้องกับ พม., การประสานส่งต่อ",
    "referral": ", ".join(HOTLINE_REFERRALS.values()),
}


def header_field(header: str) -> str | None:
    """The field a column header names, or None if unknown."""
    return HEADER_INDEX.get(key(header))


def code_of(field: str, value: str) -> str | None:
    """The code of a cell value of a coded column, or None if the value is not known."""
    return VALUE_INDEX[field].get(key(value))

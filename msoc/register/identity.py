"""Thai national ID numbers: checksum, and the keyed hash plus last digits that the register stores.

The register never stores a whole ID number. A keyed HMAC lets msoc find the same person again
(import, duplicates, hotline links) without a table that could be reversed by trying every
13-digit number, which a plain hash could be.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from msoc.thai import to_arabic_digits

LAST_DIGITS = 4
ID_WEIGHTS = tuple(range(13, 1, -1))  # digit i (1..12) of a Thai ID weighs 14 - i
_NON_DIGITS = re.compile(r"[\s\-]")


class InvalidNationalId(ValueError):
    """A national ID number that is not 13 digits or fails its check digit."""


def normalise_id(text: str) -> str:
    """Digits only: Thai digits, spaces and dashes (1-2345-67890-12-3) are accepted."""
    return _NON_DIGITS.sub("", to_arabic_digits(text or ""))


def check_digit(first12: str) -> int:
    """The 13th digit of a Thai ID: (11 − Σ dᵢ·(13−i) mod 11) mod 10."""
    total = sum(int(d) * w for d, w in zip(first12, ID_WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def is_valid_id(text: str) -> bool:
    """True for a 13-digit number whose last digit is its check digit."""
    digits = normalise_id(text)
    return len(digits) == 13 and digits.isdigit() and check_digit(digits[:12]) == int(digits[12])


def validated_id(text: str) -> str:
    """The normalised ID, or InvalidNationalId with the reason in Thai."""
    digits = normalise_id(text)
    if len(digits) != 13 or not digits.isdigit():
        raise InvalidNationalId(f"เลขประจำตัวประชาชนต้องมี ๑๓ หลัก (ได้ {len(digits)} หลัก)")
    if check_digit(digits[:12]) != int(digits[12]):
        raise InvalidNationalId("เลขประจำตัวประชาชนไม่ถูกต้อง (เลขตรวจสอบหลักที่ ๑๓ ไม่ตรง)")
    return digits


def hash_id(text: str, key: bytes) -> str:
    """HMAC-SHA256 of the normalised ID under the register's secret key (hex)."""
    return hmac.new(key, normalise_id(text).encode(), hashlib.sha256).hexdigest()


def last_digits(text: str) -> str:
    """The last digits kept for people to recognise a number (e.g. 'x-xxxx-xxxxx-12-3' → '1223')."""
    return normalise_id(text)[-LAST_DIGITS:]


def masked(last: str) -> str:
    """How a stored ID is shown: only its last digits."""
    return (
        f"x-xxxx-xxxx{'x' * max(0, 4 - len(last))}{last[:-3]}-{last[-3:-1]}-{last[-1:]}"
        if last
        else "-"
    )

"""Numbers inside running text: where they are, what they say, how they are written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from msoc.thai import to_arabic_digits

DIGIT = "[0-9๐-๙]"
# A written number: digits with optional grouping commas and decimals (Thai or Arabic digits).
NUMBER = rf"{DIGIT}+(?:,{DIGIT}+)*(?:\.{DIGIT}+)?"
_NUMBER_RE = re.compile(rf"(?<![0-9๐-๙.,]){NUMBER}(?![0-9๐-๙])")
_WELL_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})*(?:\.\d+)?$|^\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class Number:
    """One number written in a text: its span, text and value."""

    start: int
    end: int
    text: str
    value: Decimal

    @property
    def decimals(self) -> int:
        """How many decimal places it is written with."""
        _, dot, frac = self.text.partition(".")
        return len(frac) if dot else 0

    @property
    def well_grouped(self) -> bool:
        """Whether the thousands separators sit every three digits."""
        return bool(_WELL_GROUPED.match(to_arabic_digits(self.text)))


def value_of(text: str) -> Decimal:
    """The value of a written number, separators dropped."""
    return Decimal(to_arabic_digits(text).replace(",", ""))


def numbers_in(text: str) -> list[Number]:
    """Every number written in a text, in order."""
    return [
        Number(m.start(), m.end(), m.group(0), value_of(m.group(0)))
        for m in _NUMBER_RE.finditer(text)
    ]


def quantity(text: str, unit: str) -> list[Decimal]:
    """Values written as '<number> <unit>' in a text."""
    pattern = re.compile(rf"(?<![0-9๐-๙.,])({NUMBER})\s*{unit}")
    return [value_of(m.group(1)) for m in pattern.finditer(text)]


def per_day_ok(stated: int, total: int, days: int) -> bool:
    """An average per day agrees when it is the quotient rounded down or to nearest."""
    if days <= 0:
        return True
    exact = Decimal(total) / Decimal(days)
    return stated in {int(exact), int(exact + Decimal("0.5"))}

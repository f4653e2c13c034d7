"""atheris harness: DTG, Thai date and number parsers — a value, or ThaiFormatError."""

from __future__ import annotations

import contextlib
import sys
from datetime import date

import _setup  # noqa: F401
import atheris

with atheris.instrument_imports():
    from msoc.thai import ThaiFormatError, parse_dtg, parse_int, parse_number, parse_thai_date

REFERENCE = date(2023, 5, 3)


def test_one_input(data: bytes) -> None:
    """Each parser on the same text, with and without a reference date."""
    provider = atheris.FuzzedDataProvider(data)
    with_reference = provider.ConsumeBool()
    text = provider.ConsumeUnicodeNoSurrogates(len(data))
    reference = REFERENCE if with_reference else None
    for parse in (
        lambda t: parse_dtg(t, reference=reference),
        lambda t: parse_thai_date(t, reference=reference),
        parse_number,
        parse_int,
    ):
        with contextlib.suppress(ThaiFormatError):
            parse(text)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()

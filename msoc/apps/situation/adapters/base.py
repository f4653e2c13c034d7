"""What the adapters share: their error, decoding and number reading."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from msoc.thai import ThaiFormatError, parse_number


class SourceFormatError(ValueError):
    """Source data that does not have the expected published format; the message says where."""


def text_of(data: bytes, source: str) -> str:
    """Decode a source's bytes (UTF-8, else the Thai Windows code page)."""
    for encoding in ("utf-8-sig", "cp874"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SourceFormatError(f"{source}: อ่านรหัสอักขระไม่ได้")


def json_of(data: bytes, source: str) -> Any:
    """Parse a source's JSON body."""
    try:
        return json.loads(text_of(data, source))
    except json.JSONDecodeError as exc:
        raise SourceFormatError(f"{source}: ไม่ใช่ JSON ({exc.msg} ที่ตำแหน่ง {exc.pos})") from exc


def number(value: Any, where: str) -> Decimal | None:
    """A number cell (Thai or Arabic digits, grouping); blank or '-' gives None."""
    if value is None:
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    try:
        return parse_number(str(value)).value
    except ThaiFormatError as exc:
        raise SourceFormatError(f"{where}: {exc}") from exc


def whole(value: Any, where: str) -> int:
    """A required whole number."""
    n = number(value, where)
    if n is None or n != n.to_integral_value():
        raise SourceFormatError(f"{where}: ต้องเป็นจำนวนเต็ม ได้ {value!r}")
    return int(n)

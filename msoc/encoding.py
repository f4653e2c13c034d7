"""Decoding fetched bytes to text, repairing Thai pages whose declared charset is wrong."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_\-.]+)["']""", re.I)
_THAI = re.compile(r"[\u0e01-\u0e5b]")
# UTF-8 Thai read as Latin-1/cp1252 starts every character with one of these pairs.
_MOJIBAKE = re.compile(r"à¸|à¹")
# Encodings that decode any byte, so a successful decode proves nothing.
_PERMISSIVE = {"latin-1", "iso8859-1", "cp1252", "iso8859-15", "ascii"}


class DecodeError(ValueError):
    """The bytes could not be turned into text."""


@dataclass(frozen=True)
class Decoded:
    """Text with the encoding actually used and a note when the declaration was wrong."""

    text: str
    encoding: str
    note: str = ""


def _canonical(name: str | None) -> str | None:
    """Python's canonical codec name, mapping TIS-620 and its aliases to cp874 (a superset)."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'").lower()).name
    except LookupError:
        return None
    return "cp874" if codec in {"tis-620", "iso8859-11", "cp874"} else codec


def declared_charset(body: bytes, content_type: str | None) -> str | None:
    """The charset the HTTP header, the XML declaration or a meta tag claims, if any."""
    if content_type and "charset=" in content_type.lower():
        value = content_type.lower().split("charset=", 1)[1].split(";")[0]
        if _canonical(value):
            return _canonical(value)
    head = body[:4096]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        match = pattern.search(head)
        if match and _canonical(match.group(1).decode("ascii", "ignore")):
            return _canonical(match.group(1).decode("ascii", "ignore"))
    return None


def _thai_ratio(text: str) -> float:
    letters = sum(1 for ch in text if not ch.isascii())
    return len(_THAI.findall(text)) / letters if letters else 0.0


def _try(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _repair_double_utf8(text: str) -> str | None:
    """Undo UTF-8 that was decoded as cp1252/Latin-1 and re-encoded (mojibake 'à¸')."""
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return None


def decode_bytes(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode a page or feed; UTF-8 validity and Thai letters outweigh a wrong declaration."""
    if body.startswith(codecs.BOM_UTF8):
        return Decoded(body[3:].decode("utf-8", "replace"), "utf-8")
    if b"\x00" in body[:2048]:
        raise DecodeError("binary content, not text (NUL bytes)")
    declared = declared_charset(body, content_type)
    text = _try(body, "utf-8")
    if text is not None:
        if _MOJIBAKE.search(text) and len(_MOJIBAKE.findall(text)) > 3:
            repaired = _repair_double_utf8(text)
            if repaired is not None:
                return Decoded(repaired, "utf-8", "double-encoded UTF-8 repaired")
        note = ""
        if declared not in (None, "utf-8") and not text.isascii():
            note = f"declared {declared}, decoded as utf-8"
        return Decoded(text, "utf-8", note)
    if declared and declared != "utf-8" and declared not in _PERMISSIVE:
        text = _try(body, declared)
        if text is not None:
            return Decoded(text, declared)
    text = _try(body, "cp874")
    if text is not None and _thai_ratio(text) > 0.5:
        note = f"declared {declared}, decoded as cp874" if declared != "cp874" else ""
        return Decoded(text, "cp874", note)
    if declared in _PERMISSIVE:
        return Decoded(body.decode(declared or "latin-1"), declared or "latin-1")
    return _guess(body, declared)


def _guess(body: bytes, declared: str | None) -> Decoded:
    best = charset_normalizer.from_bytes(body[:200_000]).best()
    if best is None or best.encoding is None:
        raise DecodeError(f"cannot decode: declared {declared or 'nothing'}, not UTF-8 or TIS-620")
    text = _try(body, best.encoding)
    if text is None or "\ufffd" in text[:2000]:
        raise DecodeError(
            f"cannot decode: declared {declared or 'nothing'}, guess {best.encoding} fails"
        )
    return Decoded(text, best.encoding, f"declared {declared}, guessed {best.encoding}")

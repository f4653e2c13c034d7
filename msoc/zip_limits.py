"""Limits on what a zip-based office file (DOCX, XLSX) may unpack to, checked before parsing.

A DOCX or XLSX is a zip archive of XML parts. A few kilobytes can unpack to gigabytes, or to
millions of XML elements that python-docx and openpyxl then turn into Python objects one by one.
`check_archive` reads the archive's directory first (part count, declared sizes, compression
ratio), then streams every part through a decompressor in bounded memory,
counting the bytes and XML elements actually there, and stops at the first limit passed. Office
files never declare a DTD, so one (the way to an entity expansion bomb) is refused as well.

Every upload path calls it: the web forms' shared upload check (msoc.web.forms.checked_upload) and
each reader of such files (report import, survey import, hotline export import), so a command
line import is held to the same limits as an upload.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from msoc.thai import to_thai_digits

CHUNK = 64 * 1024
MB = 1024 * 1024


@dataclass(frozen=True)
class ArchiveLimits:
    """What one kind of office file may hold once unpacked."""

    kind: str  # "DOCX" or "XLSX", for the messages
    max_parts: int
    max_unpacked: int  # bytes, all parts together
    max_elements: int  # XML elements, all parts together
    max_ratio: int = 100  # unpacked / packed size of one part …
    ratio_floor: int = MB  # … for parts that unpack to more than this


# A daily report's DOCX unpacks to about 1.3 MB and 28,000 elements, with ratios up to 33.
DOCX_LIMITS = ArchiveLimits("DOCX", max_parts=500, max_unpacked=64 * MB, max_elements=400_000)
# A survey XLSX unpacks to about 12 times its size (3,000 households: 17 MB, 1.2 M elements).
XLSX_LIMITS = ArchiveLimits("XLSX", max_parts=500, max_unpacked=600 * MB, max_elements=40_000_000)


LIMITS_BY_SUFFIX = {".docx": DOCX_LIMITS, ".xlsx": XLSX_LIMITS, ".xlsm": XLSX_LIMITS}
ZIP_MAGIC = b"PK\x03\x04"


class ArchiveRefused(ValueError):
    """The file is refused before parsing; the message says why, in Thai."""


def _n(value: int) -> str:
    return to_thai_digits(f"{value:,}")


def _mb(value: int) -> str:
    return to_thai_digits(f"{value / MB:,.0f}")


def check_archive(source: bytes | str | Path | IO[bytes], limits: ArchiveLimits) -> None:
    """Refuse (ArchiveRefused) an archive that is damaged or unpacks past the limits."""
    stream: str | Path | IO[bytes] = io.BytesIO(source) if isinstance(source, bytes) else source
    start = stream.tell() if hasattr(stream, "tell") else None
    try:
        with zipfile.ZipFile(stream) as archive:
            _check_directory(archive.infolist(), limits)
            _check_contents(archive, limits)
    except zipfile.BadZipFile as exc:
        raise ArchiveRefused(
            f"ไฟล์ {limits.kind} เสียหายหรือไม่ใช่ไฟล์ {limits.kind} จริง (อ่านโครงสร้าง zip ไม่ได้)"
        ) from exc
    except (zlib.error, EOFError, NotImplementedError, RuntimeError, OSError) as exc:
        raise ArchiveRefused(f"ไฟล์ {limits.kind} เสียหาย: แตกไฟล์ที่บีบอัดไว้ไม่ได้") from exc
    finally:
        if start is not None and hasattr(stream, "seek"):
            stream.seek(start)  # type: ignore[union-attr]


def _check_directory(parts: list[zipfile.ZipInfo], limits: ArchiveLimits) -> None:
    """Limits that the archive's own directory already tells, before anything is unpacked."""
    if len(parts) > limits.max_parts:
        raise ArchiveRefused(
            f"ไฟล์ {limits.kind} มี {_n(len(parts))} ส่วน เกินที่รับได้ {_n(limits.max_parts)} ส่วน"
        )
    declared = sum(p.file_size for p in parts)
    if declared > limits.max_unpacked:
        raise ArchiveRefused(
            f"ไฟล์ {limits.kind} แตกออกได้ {_mb(declared)} MB เกินที่รับได้ {_mb(limits.max_unpacked)} MB"
        )
    for part in parts:
        if part.file_size > limits.ratio_floor and (
            part.file_size > limits.max_ratio * max(part.compress_size, 1)
        ):
            raise ArchiveRefused(
                f"ไฟล์ {limits.kind} บีบอัดผิดปกติ: ส่วน {part.filename} ขยายได้"
                f" {_n(part.file_size // max(part.compress_size, 1))} เท่า"
                f" (รับได้ไม่เกิน {_n(limits.max_ratio)} เท่า)"
            )


class _Counter:
    """Bytes and XML elements seen so far across the parts."""

    def __init__(self, limits: ArchiveLimits) -> None:
        self.limits = limits
        self.unpacked = 0
        self.elements = 0

    def add_bytes(self, n: int) -> None:
        self.unpacked += n
        if self.unpacked > self.limits.max_unpacked:
            raise ArchiveRefused(
                f"ไฟล์ {self.limits.kind} แตกออกเกิน {_mb(self.limits.max_unpacked)} MB ที่รับได้"
            )

    def add_xml(self, chunk: bytes) -> None:
        # Start tags are the '<' that open neither an end tag, a declaration nor a comment; text
        # cannot hold a bare '<', so counting bytes in C is exact enough and far faster than a
        # parser's callback per element.
        self.elements += chunk.count(b"<") - chunk.count(b"</") - chunk.count(b"<?")
        self.elements -= chunk.count(b"<!")
        if self.elements > self.limits.max_elements:
            raise ArchiveRefused(
                f"ไฟล์ {self.limits.kind} มีองค์ประกอบ XML เกิน {_n(self.limits.max_elements)} รายการ"
                " (เช่น ย่อหน้าหรือเซลล์ว่างจำนวนมากผิดปกติ)"
            )


# Office files never declare a DTD; one is the way to an entity expansion ("billion laughs").
_DTD = (b"<!DOCTYPE", b"<!ENTITY")


def _check_contents(archive: zipfile.ZipFile, limits: ArchiveLimits) -> None:
    """Unpack every part in chunks, counting real bytes (declared sizes may lie) and elements."""
    counter = _Counter(limits)
    for part in archive.infolist():
        if part.is_dir():
            continue
        xml = part.filename.lower().endswith((".xml", ".rels", ".vml"))
        tail = b""
        with archive.open(part) as data:
            while chunk := data.read(CHUNK):
                counter.add_bytes(len(chunk))
                if xml:
                    counter.add_xml(chunk)
                    if any(mark in tail + chunk for mark in _DTD):
                        raise ArchiveRefused(
                            f"ไฟล์ {limits.kind} มีการประกาศ DTD/entity ในส่วน {part.filename}"
                            " ซึ่งไฟล์ Office ปกติไม่มี จึงไม่รับ"
                        )
                    tail = chunk[-16:]

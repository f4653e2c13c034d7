"""Small office files that unpack to a lot, built quickly for the upload-limit tests.

A zip entry of many megabytes of zeros is written from a repeated raw-deflate block (a full flush
makes each block independent), so a 900 MB part costs a few hundred milliseconds to build and
never sits in memory.
"""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from typing import Any

MB = 1024 * 1024
# The quality floor of a refusal (issue 17): under 2 s and under 100 MB of extra memory.
MAX_SECONDS = 2.0
MAX_EXTRA_BYTES = 100 * MB


def within_floor(run: Callable[[], Any]) -> Any:
    """Run `run` (which may raise), asserting the refusal floor of time and traced memory."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        return run()
    finally:
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert elapsed < MAX_SECONDS, f"took {elapsed:.1f} s"
        assert peak < MAX_EXTRA_BYTES, f"used {peak / 1e6:.0f} MB"


DOCX_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
)
DOCX_TAIL = "<w:sectPr/></w:body></w:document>"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def _zeros_entry(megabytes: int) -> tuple[bytes, int, int]:
    """Raw deflate data of `megabytes` MB of zeros, its CRC-32 and size."""
    block = zlib.compressobj(9, zlib.DEFLATED, -15)
    one = block.compress(b"\0" * MB) + block.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    zeros = b"\0" * MB
    for _ in range(megabytes):
        crc = zlib.crc32(zeros, crc)
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    return one * megabytes + end, crc, megabytes * MB


def _raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of deflated entries given as (name, raw deflate data, crc, size)."""
    out, directory = io.BytesIO(), []
    for name, data, crc, size in entries:
        offset, encoded = out.tell(), name.encode()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), size,
                              len(encoded), 0) + encoded + data)  # fmt: skip
        directory.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded  # fmt: skip
        )
    start = out.tell()
    out.write(b"".join(directory))
    size = out.tell() - start
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), size,
                          start, 0))  # fmt: skip
    return out.getvalue()


def _deflated(name: str, text: str) -> tuple[str, bytes, int, int]:
    data = text.encode()
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return name, packer.compress(data) + packer.flush(), zlib.crc32(data), len(data)


def docx_with_zeros(megabytes: int = 900) -> bytes:
    """A valid-looking DOCX carrying a part of `megabytes` MB of zeros (about 1 KB per MB)."""
    data, crc, size = _zeros_entry(megabytes)
    return _raw_zip(
        [
            _deflated("[Content_Types].xml", CONTENT_TYPES),
            _deflated("_rels/.rels", RELS),
            _deflated("word/document.xml", DOCX_HEAD + "<w:p/>" + DOCX_TAIL),
            ("word/media/image1.png", data, crc, size),
        ]
    )


def docx_of_empty_paragraphs(count: int = 3_500_000) -> bytes:
    """A DOCX whose body is `count` empty paragraphs (some 30 KB packed)."""
    return _raw_zip(
        [
            _deflated("[Content_Types].xml", CONTENT_TYPES),
            _deflated("_rels/.rels", RELS),
            _deflated("word/document.xml", DOCX_HEAD + "<w:p/>" * count + DOCX_TAIL),
        ]
    )


def docx_of_numbered_paragraphs(count: int) -> bytes:
    """A DOCX of `count` short distinct paragraphs: packs only about 10:1, many elements."""
    body = "".join(f"<w:p><w:r><w:t>{i}</w:t></w:r></w:p>" for i in range(count))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", DOCX_HEAD + body + DOCX_TAIL)
    return buffer.getvalue()


def xlsx_of_empty_cells(rows: int = 45_000, columns: int = 200) -> bytes:
    """An XLSX whose one sheet holds rows × columns empty cells (about 90 KB packed)."""
    row = "<row>" + "<c/>" * columns + "</row>"
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main"><sheetData>' + row * rows + "</sheetData></worksheet>"
    )
    return _raw_zip(
        [
            _deflated("[Content_Types].xml", CONTENT_TYPES.replace("word/document", "xl/workbook")),
            _deflated("_rels/.rels", RELS.replace("word/document", "xl/workbook")),
            _deflated(
                "xl/workbook.xml",
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
            ),
            _deflated("xl/worksheets/sheet1.xml", sheet),
        ]
    )


def with_dtd() -> bytes:
    """A DOCX whose document declares an entity (the start of an expansion bomb)."""
    document = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]>'
        + DOCX_HEAD.split("?>", 1)[1]
        + "<w:p><w:r><w:t>&a;</w:t></w:r></w:p>"
        + DOCX_TAIL
    )
    return _raw_zip(
        [
            _deflated("[Content_Types].xml", CONTENT_TYPES),
            _deflated("_rels/.rels", RELS),
            _deflated("word/document.xml", document),
        ]
    )

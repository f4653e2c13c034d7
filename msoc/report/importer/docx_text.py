"""DOCX → the report's text form: body paragraphs and tables in document order.

Paragraphs become lines separated by blank lines; a table becomes one tab-separated line per
row (header row first). Bullets keep their nesting the way the text form writes it: a
sub-bullet line starts with a space. Nesting is read from 'List Bullet N' styles, or, for
'- ' paragraphs, from their left indent (the smallest indent of the document is level 0).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from msoc.report.importer.findings import ReportImportError
from msoc.report.importer.outline import EMPTY_MARK, PAGE_NUMBER

_P, _TBL, _SDT, _SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
_DASH = re.compile(r"^[-–•]\s")
NOT_DOCX = "ไม่ใช่ไฟล์ DOCX ที่อ่านได้ (ไฟล์เสียหาย หรือเป็นไฟล์ชนิดอื่นที่ตั้งชื่อเป็น .docx)"
_INDENT_STEP = 36000  # EMU in 0.1 cm: indents closer than this are the same level


@dataclass
class _Block:
    kind: str  # "paragraph", "bullet" or "table"
    text: str
    indent: int = 0  # left indent in _INDENT_STEP units (bullets only)


def read_docx_text(path_or_stream: str | Path | IO[bytes]) -> str:
    """The text form of a DOCX body; ReportImportError when the file is no readable DOCX."""
    if isinstance(path_or_stream, str | Path):
        name: str | None = str(path_or_stream)
        source: str | IO[bytes] = str(path_or_stream)
    else:
        name, source = getattr(path_or_stream, "name", None), path_or_stream
    try:
        document = Document(source)
    except Exception as exc:  # python-docx raises its own types (and zipfile's) for broken files
        raise ReportImportError(name, 0, NOT_DOCX) from exc
    # Style names by id, read once: python-docx's paragraph.style looks them up every time.
    styles = {style.style_id: style.name or "" for style in document.styles}
    body = _blocks(document.element.body, document, styles)
    blocks = [b for b in body if b.kind == "table" or b.text.strip()]
    levels = sorted({b.indent for b in blocks if b.kind == "bullet"})
    lines = [
        " " * levels.index(b.indent) + b.text if b.kind == "bullet" else b.text for b in blocks
    ]
    return "\n\n".join(lines) + "\n"


def _blocks(parent: Any, document: Any, styles: dict[str, str]) -> Iterator[_Block]:
    """Each body element in order, descending into content controls."""
    for child in parent.iterchildren():
        if child.tag == _P:
            yield _paragraph(Paragraph(child, document), styles.get(child.style or "", ""))
        elif child.tag == _TBL:
            yield _Block("table", _table_text(Table(child, document)))
        elif child.tag == _SDT:
            for content in child.iterchildren(_SDT_CONTENT):
                yield from _blocks(content, document, styles)


def _paragraph(paragraph: Paragraph, style: str) -> _Block:
    text = paragraph.text
    if style.startswith("List Bullet") and not _DASH.match(text.lstrip()):
        level = style.removeprefix("List Bullet").strip()
        indent = " " * (int(level) - 1) if level.isdigit() else ""
        return _Block("paragraph", f"{indent}- {text.strip()}")
    stripped = text.strip()
    if (
        text[:1].isspace()
        or not _DASH.match(text)
        or EMPTY_MARK.match(stripped)
        or PAGE_NUMBER.match(stripped)
    ):
        return _Block("paragraph", text)
    left = paragraph.paragraph_format.left_indent or 0
    return _Block("bullet", text, round(left / _INDENT_STEP))


def _table_text(table: Table) -> str:
    """One line per row, cells joined by tabs; a cell's own paragraphs joined by spaces."""
    rows = []
    for row in table.rows:
        cells = []
        previous = None
        for cell in row.cells:
            if cell._tc is previous:  # a merged cell repeats; keep it once
                continue
            previous = cell._tc
            text = " ".join(p.text for p in cell.paragraphs if p.text.strip())
            cells.append(" ".join(text.replace("\t", " ").split()))
        rows.append("\t".join(cells))
    return "\n".join(rows)

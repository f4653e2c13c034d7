"""Fuzzing `msoc enrich` line handling and the hotline CSV/XLSX import."""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from msoc.apps.hotline.importer import ExportError, parse_cases, read_table
from msoc.nlp.enrich import Enricher, enrich_lines
from tests.conftest import ROOT

from .conftest import FUZZ, tried

DEMO_CSV = ROOT / "msoc" / "data" / "demo" / "hotline-cases-2566-05-03.csv"


@cache
def enricher() -> Enricher:
    """The shipped models, loaded once for all examples."""
    return Enricher.load()


_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=60))
_json = st.recursive(
    _scalar,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
_field_values = {
    "id": st.one_of(_json, st.integers(0, 50).map(str)),
    "title": st.one_of(
        _json,
        st.sampled_from(
            [
                "น้ำท่วมหนักที่เชียงใหม่",
                "เด็กถูกทำร้าย\x00ที่ กทม.",
                "ฝุ่น PM2.5 เกินมาตรฐาน",
                "x" * 600,
                "ก" * 5000,
            ]
        ),
    ),
    "body": _json,
    "description": _json,
    "published_at": st.one_of(
        _json,
        st.sampled_from(
            ["2023-05-03T10:00", "2023-05-03", "2023-13-45T99:00", "Z", "2023-05-03T10:00Z"]
        ),
    ),
}
_item = st.fixed_dictionaries({}, optional=_field_values)
_line = st.one_of(
    _item.map(lambda d: json.dumps(d, ensure_ascii=False)),
    _json.map(json.dumps),
    st.text(max_size=80),
)


@FUZZ
@given(st.lists(_line, max_size=8))
def test_enrich_lines(lines: list[str]) -> None:
    tried("nlp.enrich_lines (lines)")
    out = list(enrich_lines(lines, enricher()))
    assert len(out) == sum(1 for line in lines if line.strip())
    for item in out:
        assert isinstance(item, dict)
        assert "error" in item or "section" in item, item
        json.dumps(item, default=str)  # every answer can be written back as a JSON line


# --- hotline export -------------------------------------------------------------------------


@cache
def demo_rows() -> tuple[tuple[str, ...], ...]:
    """The demo export's rows (header first)."""
    with DEMO_CSV.open(encoding="utf-8", newline="") as handle:
        return tuple(tuple(row) for row in csv.reader(handle))


_cell = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "",
            "รวม",
            "ยอดรวม",
            "31/02/2566",
            "๓ พ.ค. ๖๖",
            "2023-05-03 25:61",
            "99:99",
            "08.15 น.",
            "ชาย",
            "หญิง",
            "สายด่วน",
            "พมจ.",
            "ใช่",
            "✓",
            "1,000",
            "-1",
            '=HYPERLINK("x")',
            "0" * 30,
            "\x00",
        ]
    ),
)
_cell_edit = st.tuples(st.integers(0, 10_000), st.integers(0, 100), _cell)


def export_csv(edits: list[tuple[int, int, str]], rows: int, delimiter: str) -> bytes:
    """The demo export cut to some rows, with cells overwritten."""
    table = [list(r) for r in demo_rows()[: rows + 1]]
    for row, column, value in edits:
        # Row 0 (the header) only when asked for exactly; most edits land in the data rows.
        cells = table[0 if row == 0 or len(table) == 1 else 1 + row % (len(table) - 1)]
        cells[column % len(cells)] = value
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(table)
    return out.getvalue().encode("utf-8")


def check_export(path: Path) -> None:
    """read_table + parse_cases: rows and per-cell errors, or ExportError for the whole file."""
    try:
        header, rows = read_table(path)
        parsed = parse_cases(header, rows)
    except ExportError as exc:
        assert str(exc)
        tried("hotline outcome: ExportError")
        return
    tried("hotline outcome: read")
    assert parsed.row_count >= len(parsed.rows)
    for error in parsed.errors:
        assert error.line >= 1 and error.message


@FUZZ
@given(
    st.lists(_cell_edit, max_size=15),
    st.integers(0, 40),
    st.sampled_from([",", "\t"]),
    st.sampled_from(["utf-8", "cp874", "utf-16"]),
)
def test_hotline_csv(
    tmp_path: Path, edits: list[tuple[int, int, str]], rows: int, delimiter: str, encoding: str
) -> None:
    tried("hotline.read_table+parse_cases (CSV)")
    data = export_csv(edits, rows, delimiter)
    if encoding != "utf-8":
        data = data.decode("utf-8").encode(encoding, errors="replace")
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    check_export(path)


@FUZZ
@given(st.binary(max_size=2_000), st.sampled_from(["export.csv", "export.xlsx"]))
def test_hotline_arbitrary_bytes(tmp_path: Path, data: bytes, name: str) -> None:
    tried("hotline.read_table+parse_cases (arbitrary bytes)")
    path = tmp_path / name
    path.write_bytes(data)
    check_export(path)


_xlsx_value = st.one_of(
    _cell,
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.datetimes(),
    st.dates(),
    st.times(),
    st.booleans(),
    st.none(),
)


@cache
def _xlsx_template() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in demo_rows()[:6]:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_export(
    tmp_path: Path, cells: list[tuple[int, int, Any]], flips: list[tuple[int, int]]
) -> Path:
    """The demo export's first rows as XLSX, cells overwritten, package bytes flipped."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    book = load_workbook(io.BytesIO(_xlsx_template()))
    sheet = book.active
    for row, column, value in cells:
        try:
            sheet.cell(row=row, column=column, value=value)
        except (ValueError, TypeError, IllegalCharacterError):
            continue  # openpyxl refuses some values (control characters); the file can't hold them
    out = io.BytesIO()
    book.save(out)
    data = bytearray(out.getvalue())
    for where, value in flips:
        data[where % len(data)] = value
    path = tmp_path / "export.xlsx"
    path.write_bytes(bytes(data))
    return path


_xlsx_cells = st.lists(st.tuples(st.integers(1, 6), st.integers(1, 13), _xlsx_value), max_size=12)


@FUZZ
@given(_xlsx_cells)
def test_hotline_xlsx_cells(tmp_path: Path, cells: list[tuple[int, int, Any]]) -> None:
    tried("hotline.read_table+parse_cases (XLSX cells)")
    check_export(xlsx_export(tmp_path, cells, []))


@FUZZ
@given(
    _xlsx_cells,
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=3),
)
def test_hotline_xlsx_damaged_package(
    tmp_path: Path, cells: list[tuple[int, int, Any]], flips: list[tuple[int, int]]
) -> None:
    tried("hotline.read_table+parse_cases (damaged XLSX package)")
    check_export(xlsx_export(tmp_path, cells, flips))

"""Fuzzing the report importer: text, mutated sample reports, and mutated DOCX packages.

The only documented failure is ReportImportError; the importer also wraps its own bugs in that
error ("ข้อผิดพลาดภายในตัวนำเข้า"), so the tests refuse that wrapped form as well.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from msoc.report.importer import (
    ImportResult,
    ReportImportError,
    decode_text,
    parse_report_file,
    parse_report_text,
    read_docx_text,
)
from tests.conftest import SAMPLE_REPORT

from .conftest import FUZZ, tried

INTERNAL = "ข้อผิดพลาดภายใน"


@cache
def sample_lines() -> tuple[str, ...]:
    """The real sample report, line by line."""
    return tuple(SAMPLE_REPORT.read_text(encoding="utf-8").splitlines())


@cache
def sample_docx() -> bytes:
    """The sample rendered to DOCX by msoc's own renderer."""
    from msoc.report.render import render

    report = parse_report_text("\n".join(sample_lines())).report
    return render(report, "docx")


def check_import(text: str, path: str | None = "fuzz.txt") -> ImportResult | None:
    """Import; only a clean ReportImportError (no wrapped internal error) may come out."""
    try:
        result = parse_report_text(text, path)
    except ReportImportError as exc:
        assert INTERNAL not in exc.reason, exc.reason
        assert exc.line >= 0 and exc.reason
        tried("report outcome: refused with ReportImportError")
        return None
    tried("report outcome: imported")
    assert result.report.header.date is not None
    for issue in result.issues:
        assert issue.severity in ("repaired", "unreadable") and issue.line >= 0
    return result


# A line edit: drop, repeat, cut, or overwrite with noise.
_noise = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
_edit = st.tuples(
    st.sampled_from(["drop", "repeat", "cut", "noise", "digits", "tabs", "swap"]),
    st.integers(min_value=0, max_value=10_000),
    _noise,
)


def mutate(lines: list[str], edits: list[tuple[str, int, str]]) -> list[str]:
    """Apply line edits to a copy of a report's lines."""
    out = list(lines)
    for kind, where, noise in edits:
        if not out:
            break
        i = where % len(out)
        line = out[i]
        if kind == "drop":
            del out[i]
        elif kind == "repeat":
            out.insert(i, line)
        elif kind == "cut":
            out[i] = line[: where % (len(line) + 1)]
        elif kind == "noise":
            pos = where % (len(line) + 1)
            out[i] = line[:pos] + noise + line[pos:]
        elif kind == "digits":
            out[i] = line.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙0123456789", "๙๘๗๖๕๔๓๒๑๐9876543210"))
        elif kind == "tabs":
            out[i] = line.replace("\t", " ") if "\t" in line else line.replace(" ", "\t", 2)
        else:
            j = (where // 7) % len(out)
            out[i], out[j] = out[j], out[i]
    return out


@FUZZ
@given(st.text(max_size=2_000))
def test_arbitrary_text(text: str) -> None:
    tried("report.parse_report_text (arbitrary text)")
    check_import(text)


@FUZZ
@given(
    st.lists(_edit, max_size=2),
    st.lists(_edit, min_size=1, max_size=25),
    st.integers(0, 860),
    st.integers(1, 860),
)
def test_mutated_sample_report(
    head_edits: list[tuple[str, int, str]],
    edits: list[tuple[str, int, str]],
    start: int,
    length: int,
) -> None:
    tried("report.parse_report_text (mutated sample)")
    lines = list(sample_lines())
    # The header is edited less (often not at all) so that most inputs reach the deeper parts.
    head = mutate(lines[:28], head_edits)
    body = mutate(lines[28:][start : start + length], edits)
    check_import("\n".join(head + body))


@FUZZ
@given(st.binary(max_size=3_000))
def test_arbitrary_file_bytes(data: bytes) -> None:
    tried("report.decode_text (bytes)")
    try:
        text, _ = decode_text(data, "b.bin")
    except ReportImportError as exc:
        assert INTERNAL not in exc.reason
        return
    check_import(text)


# --- DOCX: mutations of the zip container and of the XML inside it ------------------------


def flip_bytes(data: bytes, spots: list[tuple[int, int]]) -> bytes:
    """Overwrite bytes at positions (taken modulo the length)."""
    buf = bytearray(data)
    for where, value in spots:
        buf[where % len(buf)] = value
    return bytes(buf)


def rezip(data: bytes, member_edit: tuple[str, int, bytes], drop: bool) -> bytes:
    """A valid zip whose one member is damaged (bytes replaced, cut) or left out."""
    kind, where, noise = member_edit
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    target = names[where % len(names)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for name in names:
            body = source.read(name)
            if name == target:
                if drop:
                    continue
                pos = (where // 13) % (len(body) + 1)
                body = body[:pos] + noise + (body[pos:] if kind == "insert" else b"")
            dest.writestr(name, body)
    return out.getvalue()


def check_docx(data: bytes, tmp: Path) -> None:
    """read_docx_text and parse_report_file on DOCX bytes: text, or ReportImportError."""
    try:
        text = read_docx_text(io.BytesIO(data))
    except ReportImportError as exc:
        assert INTERNAL not in exc.reason
    else:
        assert isinstance(text, str)
        check_import(text, "fuzz.docx")
        return  # parse_report_file would read the same package again
    path = tmp / "fuzz.docx"
    path.write_bytes(data)
    try:
        parse_report_file(path)
    except ReportImportError as exc:
        assert INTERNAL not in exc.reason


@FUZZ
@given(
    st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 255)), min_size=1, max_size=20),
    st.one_of(st.none(), st.integers(min_value=0, max_value=10**7)),
)
def test_docx_with_damaged_bytes(
    tmp_path: Path, spots: list[tuple[int, int]], cut: int | None
) -> None:
    tried("report.read_docx_text (byte mutations)")
    data = flip_bytes(sample_docx(), spots)
    if cut is not None:
        data = data[: cut % len(data)]
    check_docx(data, tmp_path)


_xml_noise = st.one_of(
    st.binary(max_size=40),
    st.sampled_from(
        [
            b"<",
            b"</w:p>",
            b"<w:p>",
            b"<w:tbl>",
            b"<w:tr><w:tc>",
            b"&bogus;",
            b'<!DOCTYPE x [<!ENTITY a "aaaa">]>',
            b"\xff\xfe",
            b"\x00",
            b"]]>",
        ]
    ),
)


@FUZZ
@given(
    st.tuples(st.sampled_from(["insert", "cut"]), st.integers(0, 10**8), _xml_noise), st.booleans()
)
def test_docx_with_damaged_members(
    tmp_path: Path, edit: tuple[str, int, bytes], drop: bool
) -> None:
    tried("report.read_docx_text (zip member mutations)")
    check_docx(rezip(sample_docx(), edit, drop), tmp_path)

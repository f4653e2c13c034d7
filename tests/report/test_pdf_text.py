"""The issued PDF as an archival document, on the sample report.

Its text layer gives back every summary, hotline figure and unit heading; it claims PDF/A-2u
and is tagged. No PDF/A validator is installable here (veraPDF is Java, on neither PyPI, npm
nor Debian), so msoc.report.render.pdfa_check checks the PDF/A-2u rules the report can break,
and the tests below prove it refuses files damaged one rule at a time.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
from pypdf.generic import NameObject

from msoc.report.importer import parse_report_file
from msoc.report.model import DailyReport
from msoc.report.render import wording as w
from msoc.report.render.pdf import render_pdf
from msoc.report.render.pdfa_check import pdfa_problems
from msoc.report.render.textlayer import glyph_text
from msoc.thai import thai_body_digits

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils absent")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def sample(sample_report_path: Path) -> DailyReport:
    return parse_report_file(sample_report_path).report


@pytest.fixture(scope="module")
def pdf_path(sample: DailyReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    path.write_bytes(render_pdf(sample))
    return path


@pytest.fixture(scope="module")
def pdf_text(pdf_path: Path) -> str:
    path = pdf_path
    # -raw: the text in the order the PDF holds it, cell by cell; poppler's default reading order
    # guesses columns from gaps and can interleave a table's date column with its summaries.
    out = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True
    )
    return _squash(out.stdout)


def _missing(texts: list[str], pdf_text: str) -> list[str]:
    return [t for t in texts if _squash(t) not in pdf_text]


def test_every_news_summary_is_in_the_text_layer(sample: DailyReport, pdf_text: str) -> None:
    summaries = [thai_body_digits(row.summary.strip()) for row in sample.news]
    assert len(summaries) == 46
    assert sum("ำ" in s for s in summaries) > 10  # the sample exercises SARA AM
    assert _missing(summaries, pdf_text) == []


def test_every_hotline_figure_is_in_the_text_layer(sample: DailyReport, pdf_text: str) -> None:
    assert sample.hotline is not None
    lines = w.hotline_lines(sample.hotline)
    figures = [f for line in lines for f in re.findall(r"[๐-๙][๐-๙,]*", line)]
    assert len(figures) > 20
    assert _missing(lines, pdf_text) == []
    assert not re.search(r"[0-9]", "".join(figures))  # Thai digits stay Thai digits


def test_every_unit_heading_is_in_the_text_layer(sample: DailyReport, pdf_text: str) -> None:
    headings = [w.unit_heading(i, u.name, u.code) for i, u in enumerate(sample.units, start=1)]
    assert len(headings) == 7
    assert _missing(headings, pdf_text) == []


def test_sara_am_words_survive_and_no_sara_aa_is_invented(pdf_text: str) -> None:
    for word in ("คำเตือน", "ลำดับ", "สำหรับ", "น้ำ"):
        assert word in pdf_text
    assert "คาเตือน" not in pdf_text and "ลาดับ" not in pdf_text


@pytest.mark.parametrize(
    ("guess", "own", "expected"),
    [
        ("", "\u0e4d", "\u0e4d"),  # NIKHAHIT drawn for ำ: WeasyPrint gave it nothing
        ("ำ", "า", "า"),  # SARA AA first met inside ำ must not turn every า into ำ
        ("้ำ", "\u0e49", "\u0e49"),  # a tone mark inside the cluster NIKHAHIT was moved into
        ("fl", "ﬂ", "fl"),  # a ligature keeps the letters it joins
        ("fi", None, "fi"),  # a glyph no character reaches keeps WeasyPrint's text
        ("\xa0", " \xa0", "\xa0"),  # one of the glyph's own characters stays as it is
    ],
)
def test_glyph_text(guess: str, own: str | None, expected: str) -> None:
    assert glyph_text(guess, own) == expected


# --- PDF/A-2u and tags ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reader(pdf_path: Path) -> pypdf.PdfReader:
    return pypdf.PdfReader(pdf_path)


def test_pdf_claims_pdf_a_2u_with_an_srgb_output_intent(reader: pypdf.PdfReader) -> None:
    root: Any = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="U"' in xmp
    assert "รายงาน ศปก.พม." in xmp  # dc:title, the same as the document's title
    assert reader.pdf_header == "%PDF-1.7" and not reader.is_encrypted
    (intent,) = [i.get_object() for i in root["/OutputIntents"]]
    assert intent["/S"] == "/GTS_PDFA1"
    assert "sRGB" in str(intent["/OutputConditionIdentifier"])
    assert intent["/DestOutputProfile"].get_object()["/N"] == 3  # an embedded RGB ICC profile
    assert len(reader.trailer["/ID"]) == 2


def _fonts(reader: pypdf.PdfReader) -> dict[str, Any]:
    fonts: dict[str, Any] = {}
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    return fonts


def test_every_font_is_embedded_and_every_glyph_has_text(reader: pypdf.PdfReader) -> None:
    fonts = _fonts(reader)
    assert {re.sub(r"^/[A-Z]{6}\+", "", n) for n in fonts} == {
        "TH-Sarabun-New",
        "TH-Sarabun-New-Bold",
    }
    for font in fonts.values():
        (descendant,) = [d.get_object() for d in font["/DescendantFonts"]]
        assert "/FontFile2" in descendant["/FontDescriptor"]
        cmap = font["/ToUnicode"].get_object().get_data().decode()
        targets = re.findall(r"<[0-9a-f]{4}> <([0-9a-f]*)>", cmap)
        assert len(targets) > 100
        # PDF/A-2u: every glyph maps to text, never to nothing, U+0000, U+FEFF or U+FFFE.
        assert all(t and t not in ("0000", "feff", "fffe") for t in targets)


def _structure(node: Any, counts: Counter[str]) -> None:
    node = node.get_object()
    if not isinstance(node, dict):
        return
    if "/S" in node:
        counts[str(node["/S"])] += 1
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
        if hasattr(kid, "get_object"):
            _structure(kid, counts)


def test_pdf_is_tagged_in_thai_with_headings_tables_and_lists(
    reader: pypdf.PdfReader, sample: DailyReport
) -> None:
    root: Any = reader.trailer["/Root"]
    assert root["/Lang"] == "th"
    assert bool(root["/MarkInfo"]["/Marked"])
    counts: Counter[str] = Counter()
    _structure(root["/StructTreeRoot"], counts)
    assert counts["/H1"] >= 2 and counts["/H2"] >= len(sample.units) and counts["/H3"] >= 4
    assert counts["/Table"] >= 4  # the four ๑.๓ news tables, each with its header row
    assert counts["/TH"] >= 4 * 4 and counts["/THead"] == counts["/Table"]
    assert counts["/TD"] >= 4 * len(sample.news)
    assert counts["/L"] >= 10 and counts["/LI"] > 100


# --- the PDF/A-2u check (msoc.report.render.pdfa_check) ---------------------------------------


def test_issued_pdf_passes_the_pdf_a_check(pdf_path: Path) -> None:
    assert pdfa_problems(pdf_path.read_bytes()) == []


def _broken(pdf_path: Path, damage: Callable[[pypdf.PdfWriter], None]) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pdf_path)
    damage(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _drop_tounicode(writer: pypdf.PdfWriter) -> None:
    font: Any = writer.pages[0]["/Resources"]["/Font"]
    for ref in font.values():
        del ref.get_object()[NameObject("/ToUnicode")]


def _claim_part_1(writer: pypdf.PdfWriter) -> None:
    root: Any = writer._root_object
    stream = root["/Metadata"].get_object()
    stream.set_data(stream.get_data().replace(b'pdfaid:part="2"', b'pdfaid:part="1"'))


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda w: w._root_object.pop(NameObject("/Metadata")), "ไม่มีเมทาดาทา XMP"),
        (_claim_part_1, "XMP ไม่ได้ระบุ PDF/A-2u"),
        (lambda w: w._root_object.pop(NameObject("/OutputIntents")), "OutputIntent"),
        (_drop_tounicode, "ไม่มีตาราง ToUnicode"),
        (lambda w: w._root_object.pop(NameObject("/StructTreeRoot")), "โครงสร้างเอกสาร"),
        (lambda w: w.encrypt("", "owner"), "เข้ารหัส"),
        (lambda w: w.add_metadata({"/Title": "อื่น"}), "dc:title"),
    ],
)
def test_pdf_a_check_refuses_a_damaged_file(
    pdf_path: Path, damage: Callable[[pypdf.PdfWriter], None], expected: str
) -> None:
    problems = pdfa_problems(_broken(pdf_path, damage))
    assert any(expected in p for p in problems), problems


def test_pdf_a_check_refuses_what_is_not_a_pdf() -> None:
    assert pdfa_problems(b"not a pdf")[0].startswith("อ่านไฟล์ PDF ไม่ได้")

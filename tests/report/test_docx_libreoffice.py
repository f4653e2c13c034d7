"""The sample's DOCX as LibreOffice lays it out (soffice --headless --convert-to pdf)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pypdf
import pytest
from fontTools.ttLib import TTFont

from msoc.report.importer import parse_report_file
from msoc.report.model import DailyReport
from msoc.report.render.docx import render_docx
from msoc.report.render.docx_digits import DIGITS_FAMILY, THAI_ZERO, thai_digit_font
from msoc.report.render.docx_fonts import obfuscate
from msoc.report.render.pdf import FONTS, render_pdf
from msoc.thai import thai_body_digits

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) absent")
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils absent")


@pytest.fixture(scope="module")
def sample(sample_report_path: Path) -> DailyReport:
    return parse_report_file(sample_report_path).report


@pytest.fixture(scope="module")
def docx_bytes(sample: DailyReport) -> bytes:
    return render_docx(sample)


@pytest.fixture(scope="module")
def lo_pdf(docx_bytes: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) absent")
    work = tmp_path_factory.mktemp("lo")
    (work / "report.docx").write_bytes(docx_bytes)
    # A profile of its own, so a LibreOffice already running (or another test) cannot interfere.
    profile = f"-env:UserInstallation={(work / 'profile').as_uri()}"
    subprocess.run(
        [
            SOFFICE,
            profile,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            "report.docx",
        ],
        cwd=work,
        capture_output=True,
        check=True,
        timeout=240,
    )
    return work / "report.pdf"


def _page_texts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True)
    return out.stdout.split("\f")[:-1]


def test_docx_embeds_th_sarabun_new_so_it_needs_no_installed_font(docx_bytes: bytes) -> None:
    package = zipfile.ZipFile(io.BytesIO(docx_bytes))
    table = package.read("word/fontTable.xml").decode()
    keys = re.findall(r'<w:embed(Regular|Bold) r:id="[^"]+" w:fontKey="\{([0-9A-F-]{36})\}"', table)
    assert [k[0] for k in keys] == ["Regular", "Bold", "Regular"]  # the last: page digits
    assert "<w:embedTrueTypeFonts/>" in package.read("word/settings.xml").decode()
    # The stored part is the bundled font, obfuscated with the key the font table names.
    regular = (FONTS / "THSarabunNew-Regular.ttf").read_bytes()
    assert package.read("word/fonts/font1.odttf") == obfuscate(regular, uuid.UUID(keys[0][1]))
    assert obfuscate(obfuscate(regular, uuid.uuid4()), uuid.uuid4()) != regular
    key = uuid.uuid4()
    assert obfuscate(obfuscate(regular, key), key) == regular


@needs_soffice
@needs_poppler
def test_libreoffice_lays_out_the_docx_in_th_sarabun_new_like_the_pdf(
    lo_pdf: Path, sample: DailyReport
) -> None:
    fonts = subprocess.run(["pdffonts", str(lo_pdf)], capture_output=True, check=True, text=True)
    names = {re.sub(r"^[A-Z]{6}\+", "", line.split()[0]) for line in fonts.stdout.splitlines()[2:]}
    assert names == {"THSarabunNew", "THSarabunNew-Bold", "MSOCThaiPageDigits"}
    ours = len(pypdf.PdfReader(io.BytesIO(render_pdf(sample, archival=False))).pages)
    assert abs(len(pypdf.PdfReader(lo_pdf).pages) - ours) <= 1


@needs_soffice
@needs_poppler
def test_libreoffice_splits_no_news_row_across_pages(lo_pdf: Path, sample: DailyReport) -> None:
    pages = [re.sub(r"\s+", "", p) for p in _page_texts(lo_pdf)]
    for row in sample.news:
        summary = re.sub(r"\s+", "", thai_body_digits(row.summary))
        assert any(summary in page for page in pages), row.summary


@needs_soffice
@needs_poppler
def test_libreoffice_prints_page_numbers_from_page_two(lo_pdf: Path) -> None:
    pages = _page_texts(lo_pdf)
    assert not re.match(r"\s*-\s*\S+\s*-", pages[0])
    numbers = [re.match(r"\s*-\s*([0-9๐-๙]+)", p) for p in pages[1:]]
    assert all(numbers)


def _outline(font: TTFont, glyph: str) -> tuple[Any, ...]:
    coordinates, ends, _ = font["glyf"][glyph].getCoordinates(font["glyf"])
    return tuple(coordinates), tuple(ends)


def _thai_digit_outlines() -> tuple[dict[str, Any], dict[str, Any]]:
    """TH Sarabun New's outlines of ๐-๙ and of 0-9, by the digit's value as 0-9."""
    font = TTFont(FONTS / "THSarabunNew-Regular.ttf")
    cmap = font.getBestCmap()
    thai = {str(d): _outline(font, cmap[THAI_ZERO + d]) for d in range(10)}
    arabic = {str(d): _outline(font, cmap[0x30 + d]) for d in range(10)}
    return thai, arabic


def test_page_digit_font_draws_thai_digits_for_both_kinds_of_digit() -> None:
    font = TTFont(io.BytesIO(thai_digit_font(FONTS / "THSarabunNew-Regular.ttf")))
    assert font["name"].getDebugName(1) == DIGITS_FAMILY
    cmap = font.getBestCmap()
    thai, arabic = _thai_digit_outlines()
    for d in range(10):
        for char in (0x30 + d, THAI_ZERO + d):
            assert _outline(font, cmap[char]) == thai[str(d)] != arabic[str(d)]


def test_docx_page_number_runs_use_the_embedded_thai_digit_font(docx_bytes: bytes) -> None:
    package = zipfile.ZipFile(io.BytesIO(docx_bytes))
    table = package.read("word/fontTable.xml").decode()
    assert re.search(rf'w:name="{DIGITS_FAMILY}"><w:embedRegular r:id=', table)
    assert len([n for n in package.namelist() if n.endswith(".odttf")]) == 3
    headers = [package.read(n).decode() for n in package.namelist() if n.startswith("word/header")]
    (header,) = [h for h in headers if "PAGE" in h]
    # Every run of the field (code and result) is in the digit font, the dashes are not.
    field = header[header.index('w:fldCharType="begin"') : header.index('w:fldCharType="end"')]
    assert field.count(f'w:cs="{DIGITS_FAMILY}"') == 4
    assert header.count(f'w:cs="{DIGITS_FAMILY}"') == 5


def _drawn_digits(pdf: Path) -> dict[str, set[tuple[Any, ...]]]:
    """For each character the PDF's page-digit font shows, the outlines of the glyphs drawn."""
    drawn: dict[str, set[tuple[Any, ...]]] = {}
    for page in pypdf.PdfReader(pdf).pages:
        for ref in page["/Resources"]["/Font"].values():  # type: ignore[index]
            font = ref.get_object()
            if not str(font["/BaseFont"]).endswith("+MSOCThaiPageDigits"):
                continue
            data = font["/FontDescriptor"]["/FontFile2"].get_object().get_data()
            embedded = TTFont(io.BytesIO(data))
            (cmap,) = [t.cmap for t in embedded["cmap"].tables if t.platformID in (1, 3)][:1]
            unicode_map = font["/ToUnicode"].get_object().get_data().decode()
            for code, target in re.findall(r"<([0-9A-F]{2})> <([0-9A-F]{4})>", unicode_map):
                glyph = cmap.get(int(code, 16)) or cmap[0xF000 + int(code, 16)]
                drawn.setdefault(chr(int(target, 16)), set()).add(_outline(embedded, glyph))
    return drawn


@needs_soffice
@needs_poppler
def test_libreoffice_page_numbers_are_thai_digits(lo_pdf: Path) -> None:
    pages = _page_texts(lo_pdf)
    # LibreOffice's own number is 2, 3, ... (its text layer says so); what it draws is ๒, ๓, ...
    numbers = [re.match(r"\s*-\s*([0-9]+)", p) for p in pages[1:]]
    assert [int(n.group(1)) for n in numbers if n] == list(range(2, len(pages) + 1))
    drawn = _drawn_digits(lo_pdf)
    assert set(drawn) == set("0123456789")  # 26 pages and more use every digit
    thai, _ = _thai_digit_outlines()
    assert all(outlines == {thai[digit]} for digit, outlines in drawn.items())

"""The PDF's text layer: every summary, hotline figure and unit heading of the sample comes back."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from msoc.report.importer import parse_report_file
from msoc.report.model import DailyReport
from msoc.report.render import wording as w
from msoc.report.render.pdf import render_pdf
from msoc.report.render.textlayer import glyph_text
from msoc.thai import thai_body_digits

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils absent")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def sample(sample_report_path: Path) -> DailyReport:
    return parse_report_file(sample_report_path).report


@pytest.fixture(scope="module")
def pdf_text(sample: DailyReport, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    path.write_bytes(render_pdf(sample))
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

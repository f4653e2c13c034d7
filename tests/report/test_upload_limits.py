"""Zip-based files that unpack too far are refused before parsing, in every reader and upload.

Quality floor (not a timing): each refusal takes under 2 s and 100 MB of extra memory, where the
same files used to take the server to 2.1 GB or hold a worker for 50 s.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from msoc.zip_limits import DOCX_LIMITS, XLSX_LIMITS, ArchiveRefused, check_archive
from tests import zip_bombs
from tests.zip_bombs import within_floor

THAI = re.compile(r"[\u0e01-\u0e5b]")

BOMBS: dict[str, Callable[[], bytes]] = {
    "docx-900MB-of-zeros": zip_bombs.docx_with_zeros,
    "docx-3.5M-empty-paragraphs": zip_bombs.docx_of_empty_paragraphs,
    "docx-600k-elements-packed-10-to-1": lambda: zip_bombs.docx_of_numbered_paragraphs(150_000),
    "docx-with-an-entity-declaration": zip_bombs.with_dtd,
}


def _refused_within_floor(run: Callable[[], Any], expected: type[Exception]) -> str:
    """Run, expecting the refusal within the floor; return its (Thai) message."""
    with pytest.raises(expected) as caught:
        within_floor(run)
    message = str(caught.value)
    assert THAI.search(message), message
    return message


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    return {name: build() for name, build in BOMBS.items()}


@pytest.fixture(scope="module")
def xlsx_bomb() -> bytes:
    return zip_bombs.xlsx_of_empty_cells()


def test_the_built_files_are_as_small_as_in_the_report(
    bombs: dict[str, bytes], xlsx_bomb: bytes
) -> None:
    assert len(bombs["docx-900MB-of-zeros"]) < 1_000_000
    assert len(bombs["docx-3.5M-empty-paragraphs"]) < 40_000
    assert len(xlsx_bomb) < 100_000


@pytest.mark.parametrize("name", list(BOMBS))
def test_docx_bombs_are_refused_by_the_check(bombs: dict[str, bytes], name: str) -> None:
    _refused_within_floor(lambda: check_archive(bombs[name], DOCX_LIMITS), ArchiveRefused)


def test_xlsx_bomb_is_refused_by_the_check(xlsx_bomb: bytes) -> None:
    message = _refused_within_floor(lambda: check_archive(xlsx_bomb, XLSX_LIMITS), ArchiveRefused)
    assert "เท่า" in message  # named by its compression ratio


def test_a_lying_directory_is_refused_as_damaged() -> None:
    data, crc, _size = zip_bombs._zeros_entry(50)
    lying = zip_bombs._raw_zip([("word/document.xml", data, crc, 1000)])
    message = _refused_within_floor(lambda: check_archive(lying, DOCX_LIMITS), ArchiveRefused)
    assert "เสียหาย" in message


def test_real_files_pass(tmp_path: Path, sample_report_path: Path) -> None:
    from msoc.register import synthetic, synthetic_people
    from msoc.register.survey_write import write_survey
    from msoc.report.importer import parse_report_file
    from msoc.report.render.docx import render_docx

    check_archive(render_docx(parse_report_file(sample_report_path).report), DOCX_LIMITS)
    register = synthetic.generate(200, seed=3)
    survey = write_survey(tmp_path / "s.xlsx", register, synthetic_people.people(register, seed=3))
    check_archive(survey, XLSX_LIMITS)
    with survey.open("rb") as stream:  # an open upload is checked and left where it was
        stream.seek(0)
        check_archive(stream, XLSX_LIMITS)
        assert stream.tell() == 0


@pytest.mark.parametrize("name", list(BOMBS))
def test_the_report_importer_refuses_docx_bombs(bombs: dict[str, bytes], name: str) -> None:
    from msoc.report.importer import ReportImportError, parse_report_bytes

    _refused_within_floor(lambda: parse_report_bytes(bombs[name], "x.docx"), ReportImportError)


def test_the_survey_and_hotline_readers_refuse_the_xlsx_bomb(
    xlsx_bomb: bytes, tmp_path: Path
) -> None:
    from msoc.apps.hotline.importer import ExportError, read_table
    from msoc.register.survey_columns import SurveyError, read_rows

    _refused_within_floor(lambda: read_rows(xlsx_bomb, "s.xlsx"), SurveyError)
    path = tmp_path / "cases.xlsx"
    path.write_bytes(xlsx_bomb)
    _refused_within_floor(lambda: read_table(path), ExportError)


def test_stream_position_is_kept_for_bytes_io() -> None:
    stream = io.BytesIO(zip_bombs.with_dtd())
    with pytest.raises(ArchiveRefused):
        check_archive(stream, DOCX_LIMITS)
    assert stream.tell() == 0

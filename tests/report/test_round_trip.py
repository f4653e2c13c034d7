"""Round trip: import the sample, render DOCX, read the DOCX back — everything is there, in order."""

from __future__ import annotations

import io
from pathlib import Path

from msoc.report import model as m
from msoc.report.importer import parse_report_file, parse_report_text, read_docx_text
from msoc.report.render.docx import render_docx
from msoc.thai import thai_body_digits


def test_docx_round_trip_keeps_every_row_figure_and_activity(sample_report_path: Path) -> None:
    original = parse_report_file(sample_report_path).report
    docx_bytes = render_docx(original)
    back = parse_report_text(read_docx_text(io.BytesIO(docx_bytes)), path="round-trip.docx").report

    assert len(back.news) == len(original.news) == 46
    for before, after in zip(original.news, back.news, strict=True):
        assert (after.section, after.published_at, after.source, after.place, after.summary) == (
            before.section,
            before.published_at,
            before.source,
            before.place,
            before.summary,
        )
    assert back.hotline == original.hotline
    assert back.situation.covid_week == original.situation.covid_week
    assert [(u.code, u.activities) for u in back.units] == [
        (u.code, u.activities) for u in original.units
    ]
    # The body prints Thai digits (Latin names keep theirs), so free text compares in that form.
    assert back.key_headlines == [thai_body_digits(h) for h in original.key_headlines]
    assert back.header.document_number == original.header.document_number == 4750
    assert back.header.date == original.header.date
    assert [len(b.lines) for b in back.standing] == [len(b.lines) for b in original.standing]


def test_docx_round_trip_of_a_report_without_hotline_or_units(sample_report_path: Path) -> None:
    original = parse_report_file(sample_report_path).report
    partial = m.DailyReport(header=original.header, news=original.news[:3])
    back = parse_report_text(read_docx_text(io.BytesIO(render_docx(partial)))).report
    assert [r.summary for r in back.news] == [r.summary for r in partial.news]
    assert back.hotline is None and back.units == []

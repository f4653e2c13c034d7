"""Import the sample report, render it to DOCX and to PDF: seconds per operation (median of runs)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

SAMPLE = (
    Path(__file__).resolve().parent.parent
    / "msoc"
    / "data"
    / "demo"
    / "msoc-daily-report-2566-05-03.txt"
)


def _median_seconds(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 3)


def run(quick: bool = False) -> dict[str, float | int | str]:
    """Time import (parse), DOCX and PDF rendering of the sample report."""
    import django

    django.setup()
    from msoc.report.importer import parse_report_file
    from msoc.report.render.docx import render_docx
    from msoc.report.render.pdf import render_pdf

    runs = 3 if quick else 10
    report = parse_report_file(SAMPLE).report
    render_pdf(report)  # warm-up: fonts and WeasyPrint's first-use costs are paid once per process
    pdf = render_pdf(report)
    import io

    from pypdf import PdfReader

    from msoc.report.render.pdfa_check import pdfa_problems

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return {
        "import_s": _median_seconds(lambda: parse_report_file(SAMPLE), runs),
        "docx_s": _median_seconds(lambda: render_docx(report), runs),
        "pdf_s": _median_seconds(lambda: render_pdf(report), max(2, runs // 3)),
        # The same without PDF/A and tags, for what the archival form costs.
        "pdf_plain_s": _median_seconds(
            lambda: render_pdf(report, archival=False), max(2, runs // 3)
        ),
        "pdfa_check_s": _median_seconds(lambda: pdfa_problems(pdf), max(2, runs // 3)),
        "pdf_pages": pages,
    }

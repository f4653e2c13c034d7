"""Renderers of a DailyReport: HTML, DOCX, PDF and JSON. They format; they compute nothing."""

from __future__ import annotations

from typing import Literal

from msoc.report.model import DailyReport

Format = Literal["html", "docx", "pdf", "json"]
FORMATS: tuple[Format, ...] = ("html", "docx", "pdf", "json")
MEDIA_TYPES: dict[str, str] = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "json": "application/json",
}


def render(report: DailyReport, fmt: Format) -> bytes:
    """The report in one of the output formats, as bytes (text formats in UTF-8)."""
    if fmt == "html":
        from msoc.report.render.html import render_html

        return render_html(report).encode("utf-8")
    if fmt == "docx":
        from msoc.report.render.docx import render_docx

        return render_docx(report)
    if fmt == "pdf":
        from msoc.report.render.pdf import render_pdf

        return render_pdf(report)
    if fmt == "json":
        return report.to_json().encode("utf-8")
    raise ValueError(f"รูปแบบผลลัพธ์ {fmt!r} ไม่รองรับ (ใช้ได้: {', '.join(FORMATS)})")

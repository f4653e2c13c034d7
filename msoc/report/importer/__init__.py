"""Importer of past reports: the text form (or a DOCX) → `DailyReport` plus a list of findings.

The text form is what a faithful DOCX of the report yields: paragraphs separated by blank
lines, each news table as tab-separated rows under the header row
`วัน เวลา<TAB>ที่มา<TAB>สถานที่<TAB>สรุปข่าว`. Every line of the input is either taken into
the report or reported as an `ImportIssue`; only input that is no report at all raises
`ReportImportError`.
"""

from msoc.report.importer.document import parse_report_text
from msoc.report.importer.docx_text import read_docx_text
from msoc.report.importer.files import decode_text, parse_report_bytes, parse_report_file
from msoc.report.importer.findings import ImportIssue, ImportResult, ReportImportError

__all__ = [
    "ImportIssue",
    "ImportResult",
    "ReportImportError",
    "decode_text",
    "parse_report_bytes",
    "parse_report_file",
    "parse_report_text",
    "read_docx_text",
]

"""atheris harness: report importer (bytes → decode_text → parse_text, and DOCX bytes).

Only ReportImportError may come out of the documented entry points; `parse_text` is the
importer without its safety net, so a bug shows as a crash here.
"""

from __future__ import annotations

import io
import sys

import _setup  # noqa: F401
import atheris

with atheris.instrument_imports():
    from msoc.report.importer import ReportImportError, decode_text, read_docx_text
    from msoc.report.importer.document import parse_text


def test_one_input(data: bytes) -> None:
    """Text (or a DOCX when the input starts like a zip)."""
    try:
        if data.startswith(b"PK"):
            text = read_docx_text(io.BytesIO(data))
        else:
            text, _ = decode_text(data, "fuzz.txt")
        parse_text(text, "fuzz.txt")
    except ReportImportError:
        pass


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()

"""A small font whose 0-9 draw the Thai digits ๐-๙, for the DOCX page numbers in LibreOffice.

Word prints the PAGE field in the section's number format (w:pgNumType w:fmt="thaiNumbers").
LibreOffice 7.4 imports no DOCX number format as Thai digits: its writerfilter maps
thaiNumbers to Arabic (ConversionHelper::ConvertNumberingType leaves it in a TODO) and the
field switch \\* ThaiArabic to CHARS_THAI, the letters ก ข ค. So the page-number runs use this
font, cut from TH Sarabun New (GPL, modification allowed; renamed, as the name is a
trademark): Word's ๒ and LibreOffice's 2 both come out as TH Sarabun New's own ๒ glyph.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

DIGITS_FAMILY = "MSOC Thai Page Digits"
_POSTSCRIPT = "MSOCThaiPageDigits"
THAI_ZERO = 0x0E50
# What the header's page-number runs can hold: the digits of either kind, and the dashes around.
_KEEP = [*range(0x30, 0x3A), *range(THAI_ZERO, THAI_ZERO + 10), ord("-"), ord(" ")]


@cache
def thai_digit_font(source: Path) -> bytes:
    """The source font cut to digits, with U+0030-U+0039 mapped to the Thai digit glyphs."""
    font = TTFont(source)
    options = subset.Options()
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=_KEEP)
    subsetter.subset(font)
    for table in font["cmap"].tables:
        if table.isUnicode():
            for d in range(10):
                table.cmap[0x30 + d] = table.cmap[THAI_ZERO + d]
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 4, 16):
            names.setName(DIGITS_FAMILY, record.nameID, *_ids(record))
        elif record.nameID in (3, 6):
            names.setName(_POSTSCRIPT, record.nameID, *_ids(record))
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _ids(record: object) -> tuple[int, int, int]:
    return (record.platformID, record.platEncID, record.langID)  # type: ignore[attr-defined]

"""The PDF's text layer: what a search or a copy gets back from a PDF is the report's own text.

HarfBuzz's Thai (and Lao) shaper draws SARA AM (ำ) as two glyphs, NIKHAHIT and SARA AA, and
merges them into one cluster with whatever mark it reorders NIKHAHIT past. WeasyPrint maps
each glyph to text once per document (the PDF ToUnicode map is per glyph, not per context) and
gives a multi-glyph cluster's text to its last glyph and nothing to the others: NIKHAHIT maps
to nothing, SARA AA to า (or, where the first า of a document followed ำ, every า to ำ).
So pdftotext read คำเตือน as คาเตือน.

Two repairs, at the level where the text is written:
- a glyph the font's cmap gives a character to maps to that character, never to nothing or to
  a whole cluster (ToUnicode is per glyph; PDF/A also forbids glyphs without text), and
- a drawn line that holds a decomposed character is wrapped in an ActualText span carrying
  the line's text, which is what readers (poppler, Acrobat) extract, search and copy.

WeasyPrint has no hook for either, so `install` wraps its `draw_first_line` (one line of
shaped text); tests/report/test_pdf_text.py checks the result on the sample report.
"""

from __future__ import annotations

import io
import unicodedata
from functools import cache
from typing import Any

import pydyf
from fontTools.ttLib import TTFont

# Characters a shaper draws as several glyphs that the ToUnicode map cannot put back together.
DECOMPOSED = frozenset("\u0e33\u0eb3")  # THAI CHARACTER SARA AM, LAO VOWEL SIGN AM


def _private(code: int) -> bool:
    return 0xE000 <= code <= 0xF8FF  # the old Thai fonts' positioned marks live here


def _substitutes(ttfont: TTFont) -> dict[str, str]:
    """Each glyph that a single or alternate GSUB substitution puts in, with the one it replaces."""
    if "GSUB" not in ttfont:
        return {}
    found: dict[str, str] = {}
    for lookup in ttfont["GSUB"].table.LookupList.Lookup:
        for sub in lookup.SubTable:
            sub = getattr(sub, "ExtSubTable", sub)
            for source, target in getattr(sub, "mapping", {}).items():
                found.setdefault(target, source)
            for source, targets in getattr(sub, "alternates", {}).items():
                for target in targets:
                    found.setdefault(target, source)
    return found


@cache
def _glyph_chars(font_bytes: bytes, index: int) -> dict[int, str]:
    """The characters each glyph stands for: from the cmap, or from the glyph GSUB replaced."""
    ttfont = TTFont(io.BytesIO(font_bytes), fontNumber=index, lazy=True)
    by_name: dict[str, str] = {}
    for code, name in sorted(ttfont.getBestCmap().items()):
        if not _private(code):
            by_name[name] = by_name.get(name, "") + chr(code)
    substitutes = _substitutes(ttfont)
    for name in ttfont.getGlyphOrder():
        source, hops = name, 0
        while source not in by_name and source in substitutes and hops < 8:
            source, hops = substitutes[source], hops + 1
        if source in by_name:
            by_name.setdefault(name, by_name[source])
    return {ttfont.getGlyphID(name): chars for name, chars in by_name.items()}


def glyph_text(text: str, own: str | None) -> str:
    """The text a glyph stands for, given WeasyPrint's guess and the characters the cmap gives it."""
    if not own or (text and text in own):
        return text
    # A ligature (fi, fl) reached from a compatibility character keeps the letters it joins;
    # anything else (nothing, a whole cluster, the ำ that SARA AA was drawn for) is the glyph's own.
    if text and unicodedata.normalize("NFKC", text) == unicodedata.normalize("NFKC", own[0]):
        return text
    return own[0]


def _fix_to_unicode(font: Any) -> None:
    """Give each newly mapped glyph of a font the text it stands for on its own."""
    seen = getattr(font, "_msoc_seen", 0)
    items = list(font.to_unicode.items())
    if len(items) == seen or font.bitmap:
        return
    chars = _glyph_chars(font.file_content, font.index)
    for glyph, text in items[seen:]:
        font.to_unicode[glyph] = glyph_text(text, chars.get(glyph))
    font._msoc_seen = len(items)


def drawn_text(textbox: Any) -> str:
    """The text of the line WeasyPrint draws for a text box (its layout's first line)."""
    layout = textbox.pango_layout
    _, index = layout.get_first_line()
    text: str = layout.text
    return text if index is None else text.encode()[:index].decode(errors="ignore")


def _actual_text(text: str) -> pydyf.Dictionary:
    return pydyf.Dictionary({"ActualText": pydyf.String(text)})


def install(weasyprint: Any) -> None:
    """Make WeasyPrint write a text layer that gives back the drawn text (idempotent)."""
    module = weasyprint.draw.text
    original = module.draw_first_line
    if getattr(original, "msoc_text_layer", False):
        return

    def draw_first_line(stream: Any, textbox: Any, *args: Any, **kwargs: Any) -> Any:
        start = len(stream.stream)
        emojis = original(stream, textbox, *args, **kwargs)
        for font in stream._fonts.values():
            _fix_to_unicode(font)
        if len(stream.stream) > start and DECOMPOSED.intersection(drawn_text(textbox)):
            # Inside the text object WeasyPrint opened (BT ... ET), around this line only.
            stream.stream[start:start] = ["/Span", _actual_text(drawn_text(textbox)), b"BDC"]
            stream.stream.append(b"EMC")
        return emojis

    draw_first_line.msoc_text_layer = True  # type: ignore[attr-defined]
    module.draw_first_line = draw_first_line

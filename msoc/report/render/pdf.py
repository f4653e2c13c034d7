"""PDF of a DailyReport: WeasyPrint from the standalone HTML with the bundled TH Sarabun New.

The fonts come from msoc/report/render/fonts through file URLs under a private family name,
so the PDF never depends on system fonts, and the URL fetcher refuses everything but those
font files (no network fetches, no other local files).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from msoc.report.model import DailyReport
from msoc.report.render.html import render_html

FONTS = Path(__file__).resolve().parent / "fonts"
# The issued report is the record the ministry keeps: PDF/A-2u (archival, every glyph with its
# Unicode text, fonts embedded, sRGB output intent) and tagged (headings, tables, lists) with
# the document language from <html lang="th">.
PDF_VARIANT = "pdf/a-2u"
FAMILY = "TH Sarabun New"
FONT_FILES = {
    ("normal", "normal"): "THSarabunNew-Regular.ttf",
    ("bold", "normal"): "THSarabunNew-Bold.ttf",
    ("normal", "italic"): "THSarabunNew-Italic.ttf",
    ("bold", "italic"): "THSarabunNew-BoldItalic.ttf",
}


class FetchRefused(ValueError):
    """A URL the PDF renderer will not fetch (anything but the bundled fonts)."""


@cache
def font_css() -> str:
    """@font-face rules for the bundled fonts and the rules that use them."""
    faces = [
        f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; font-style: {style}; '
        f'src: url("{(FONTS / name).as_uri()}") format("truetype"); }}'
        for (weight, style), name in FONT_FILES.items()
    ]
    use = (
        f'.msoc-report {{ font-family: "{FAMILY}"; }}\n'
        f'@page {{ @top-center {{ font-family: "{FAMILY}"; }} }}'
    )
    return "\n".join(faces) + "\n" + use


def _allowed_urls() -> frozenset[str]:
    return frozenset((FONTS / name).as_uri() for name in FONT_FILES.values())


@cache
def _weasyprint() -> Any:
    # Imported lazily: WeasyPrint costs ~0.6 s to import and only PDF output needs it.
    import weasyprint
    import weasyprint.draw.text

    from msoc.report.render.textlayer import install

    install(weasyprint)
    return weasyprint


def _fetcher(weasyprint: Any) -> Any:
    allowed = _allowed_urls()

    class FontsOnly(weasyprint.URLFetcher):  # type: ignore[misc, name-defined]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url not in allowed:
                raise FetchRefused(f"PDF: ไม่ดึงทรัพยากรภายนอก {url!r}")
            return super().fetch(url, headers)

    return FontsOnly(allowed_protocols=("file",))


def render_pdf(report: DailyReport, *, archival: bool = True) -> bytes:
    """The report as an A4 tagged PDF/A-2u with TH Sarabun New embedded (archival=False: plain)."""
    wp = _weasyprint()
    fonts = wp.text.fonts.FontConfiguration()
    fetcher = _fetcher(wp)
    stylesheet = wp.CSS(string=font_css(), font_config=fonts, url_fetcher=fetcher)
    document = wp.HTML(
        string=render_html(report), url_fetcher=fetcher, base_url=FONTS.as_uri() + "/"
    )
    pdf: bytes = document.write_pdf(
        stylesheets=[stylesheet],
        font_config=fonts,
        pdf_variant=PDF_VARIANT if archival else None,
        pdf_tags=archival,
    )
    return pdf

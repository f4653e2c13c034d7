"""DOCX of a DailyReport (python-docx): A4, official margins, TH Sarabun New 16 pt, Thai digits.

Thai text in Word falls back to another font unless the complex-script font and size are set
too (w:rFonts w:cs, w:szCs, w:bCs, w:lang w:bidi), so they are set on the document defaults,
the Normal and Table Grid styles and every run. Paragraphs and tables are written as XML
strings (one parse per block) because python-docx's per-property API is slow on ~700 blocks.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from msoc.report.model import DailyReport
from msoc.report.render.charts import chart_png
from msoc.report.render.docx_digits import DIGITS_FAMILY, thai_digit_font
from msoc.report.render.docx_fonts import embed_fonts
from msoc.report.render.layout import (
    NEWS_COLUMN_WIDTHS,
    Figure,
    Para,
    Table,
    document_blocks,
)
from msoc.thai import format_thai_date_long

FONT = "TH Sarabun New"
FONTS = Path(__file__).resolve().parent / "fonts"
# The styles the report uses, embedded so LibreOffice and Word without the font lay it out alike.
EMBEDDED = {"Regular": FONTS / "THSarabunNew-Regular.ttf", "Bold": FONTS / "THSarabunNew-Bold.ttf"}
BODY_HALF_POINTS = 32  # 16 pt
TWIPS_PER_CM = 567
TEXT_WIDTH_CM = 21.0 - 3.0 - 2.0
W = nsdecls("w")


def _rfonts(font: str) -> str:
    return f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'


_LANG = '<w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="th-TH"/>'
_JC = {"left": "left", "center": "center", "justify": "thaiDistribute"}


def _rpr(bold: bool = False, half_points: int = BODY_HALF_POINTS, font: str = FONT) -> str:
    weight = "<w:b/><w:bCs/>" if bold else ""
    size = f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
    return f"<w:rPr>{_rfonts(font)}{weight}{size}{_LANG}</w:rPr>"


# Characters XML 1.0 forbids (pasted text can carry them); Word would refuse the file.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _run(
    text: str, bold: bool = False, half_points: int = BODY_HALF_POINTS, font: str = FONT
) -> str:
    clean = escape(_XML_ILLEGAL.sub("", text))
    return f'<w:r>{_rpr(bold, half_points, font)}<w:t xml:space="preserve">{clean}</w:t></w:r>'


def _twips(cm: float) -> int:
    return round(cm * TWIPS_PER_CM)


def _para_xml(para: Para) -> str:
    s = para.style
    ppr = "<w:keepNext/>" if s.keep_with_next else ""
    ppr += "<w:pageBreakBefore/>" if s.page_break_before else ""
    ppr += f'<w:spacing w:before="{round(s.space_before_pt * 20)}" w:after="0" w:line="240" w:lineRule="auto"/>'
    if s.first_line_cm < 0:
        ppr += f'<w:ind w:left="{_twips(para.left_cm)}" w:hanging="{_twips(-s.first_line_cm)}"/>'
    elif para.left_cm or s.first_line_cm:
        ppr += f'<w:ind w:left="{_twips(para.left_cm)}" w:firstLine="{_twips(s.first_line_cm)}"/>'
    ppr += f'<w:jc w:val="{_JC[s.align]}"/>'
    run = _run(para.text, s.bold, round(s.size_pt * 2))
    return f"<w:p {W}><w:pPr>{ppr}</w:pPr>{run}</w:p>"


def _cell_xml(
    text: str, width: int, bold: bool = False, center: bool = False, span: int = 1
) -> str:
    tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        tcpr += f'<w:gridSpan w:val="{span}"/>'
    jc = '<w:jc w:val="center"/>' if center else ""
    ppr = f'<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>{jc}</w:pPr>'
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr><w:p>{ppr}{_run(text, bold)}</w:p></w:tc>"


def _table_xml(table: Table) -> str:
    widths = [_twips(TEXT_WIDTH_CM * share) for share in NEWS_COLUMN_WIDTHS]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    header = "".join(
        _cell_xml(t, w, bold=True, center=True) for t, w in zip(table.header, widths, strict=True)
    )
    # The header row repeats on every page; no row is split across pages.
    rows = [f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header}</w:tr>"]
    for row in table.rows:
        cells = "".join(_cell_xml(t, w) for t, w in zip(row, widths, strict=True))
        rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
    if not table.rows:
        empty = _cell_xml(table.empty_text, sum(widths), center=True, span=len(widths))
        rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{empty}</w:tr>")
    tblpr = (
        '<w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="60" w:type="dxa"/><w:right w:w="60" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
        ' w:noHBand="0" w:noVBand="1"/></w:tblPr>'
    )
    return f"<w:tbl {W}>{tblpr}<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def _block_xml(block: Para | Table) -> str:
    return _table_xml(block) if isinstance(block, Table) else _para_xml(block)


_FIGURE_PARA = (
    f'<w:p {W}><w:pPr><w:spacing w:before="80" w:after="0" w:line="240" w:lineRule="auto"/>'
    '<w:jc w:val="center"/></w:pPr></w:p>'
)


def _add_figure(doc: DocxDocument, anchor: Any, figure: Figure) -> None:
    """A centred paragraph holding the chart as an inline PNG the width of the text."""
    p = parse_xml(_FIGURE_PARA)
    anchor.addprevious(p)
    run = Paragraph(p, doc._body).add_run()
    run.add_picture(io.BytesIO(chart_png(figure.chart)), width=Cm(TEXT_WIDTH_CM))


def _set_fonts(doc: DocxDocument) -> None:
    """Thai-safe fonts and sizes on the defaults and the styles the report uses."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    defaults.getparent().replace(
        defaults,
        parse_xml(
            f"<w:docDefaults {W}><w:rPrDefault>{_rpr()}</w:rPrDefault><w:pPrDefault><w:pPr>"
            '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
            "</w:docDefaults>"
        ),
    )
    for style_id in ("Normal", "TableGrid", "Header"):
        style = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']")
        if style is None:
            continue
        old = style.find(qn("w:rPr"))
        if old is not None:
            style.remove(old)
        style.append(parse_xml(_rpr().replace("<w:rPr>", f"<w:rPr {W}>", 1)))
    normal = doc.styles["Normal"].paragraph_format
    normal.space_before = normal.space_after = 0
    normal.line_spacing = 1.0


def _set_page(doc: DocxDocument) -> None:
    """A4, the official margins, and '- ๒ -' page numbers at the top from page 2 on."""
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.0)
    section.header_distance, section.footer_distance = Cm(1.25), Cm(1.0)
    section.different_first_page_header_footer = True
    # The number in the Thai-digit font: LibreOffice prints it with Arabic digits (docx_digits).
    digits = _rpr(font=DIGITS_FAMILY)
    field = (
        f'<w:r>{digits}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{digits}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{digits}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"{_run('๒', font=DIGITS_FAMILY)}"
        f'<w:r>{digits}<w:fldChar w:fldCharType="end"/></w:r>'
    )
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]._p
    p.getparent().replace(
        p,
        parse_xml(
            f'<w:p {W}><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="center"/></w:pPr>'
            f"{_run('- ')}{field}{_run(' -')}</w:p>"
        ),
    )
    section.first_page_header.is_linked_to_previous = False
    # Word prints the PAGE field in the section's number format: Thai digits.
    sect_pr = section._sectPr
    pg_num = sect_pr.find(qn("w:pgNumType"))
    if pg_num is None:
        pg_num = parse_xml(f'<w:pgNumType {W} w:fmt="thaiNumbers"/>')
        anchor = sect_pr.find(qn("w:cols"))
        if anchor is not None:
            anchor.addprevious(pg_num)
        else:
            sect_pr.append(pg_num)
    pg_num.set(qn("w:fmt"), "thaiNumbers")


def render_docx(report: DailyReport) -> bytes:
    """The report as a DOCX file."""
    doc = Document()
    _set_fonts(doc)
    embed_fonts(doc, FONT, EMBEDDED)
    embed_fonts(doc, DIGITS_FAMILY, {"Regular": thai_digit_font(EMBEDDED["Regular"])})
    _set_page(doc)
    body = doc.element.body
    sect_pr = body.find(qn("w:sectPr"))
    for p in body.findall(qn("w:p")):
        body.remove(p)
    for block in document_blocks(report):
        if isinstance(block, Figure):
            _add_figure(doc, sect_pr, block)
        else:
            sect_pr.addprevious(parse_xml(_block_xml(block)))
    props = doc.core_properties
    props.title = f"รายงาน {report.header.unit_short} {format_thai_date_long(report.date)}"
    props.language = "th-TH"
    props.author = report.header.unit_short
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

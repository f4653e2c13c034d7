"""HTML of a DailyReport: a standalone page (A4 print CSS) or a fragment for live preview."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from msoc.report.model import Chart, DailyReport
from msoc.report.render.charts import chart_html, chart_svg
from msoc.report.render.layout import (
    LEVEL_INDENT_CM,
    MAX_LEVEL,
    NEWS_COLUMN_WIDTHS,
    ROLE_STYLES,
    Block,
    Para,
    RoleStyle,
    document_blocks,
)
from msoc.thai import format_thai_date_long

TEMPLATES = Path(__file__).resolve().parent / "templates"
# The element of each role, so the PDF's structure tree (and a screen reader) sees headings
# and lists; every other role is a paragraph. List items carry their own marker text.
HEADINGS = {"h1": "h1", "h2": "h2", "h3": "h3", "h4": "h4"}
# Only the dash lists: numbered items stay paragraphs, as WeasyPrint 70 then breaks pages
# between a dash list and a following numbered list much earlier than needed (27 pages, not 26).
LISTS = {"bullet": "ul"}


@dataclass(frozen=True)
class ListBlock:
    """Consecutive paragraphs of one list role, printed as one HTML list."""

    tag: str
    items: tuple[Para, ...]


def element(role: str) -> str:
    """The HTML element a paragraph of this role is printed as."""
    return HEADINGS.get(role, "p")


def html_blocks(blocks: list[Block]) -> Iterator[Block | ListBlock]:
    """The blocks with each run of list-role paragraphs gathered into one list."""
    for tag, run in groupby(blocks, lambda b: LISTS.get(b.role) if isinstance(b, Para) else None):
        if tag is None:
            yield from run
        else:
            yield ListBlock(tag, tuple(p for p in run if isinstance(p, Para)))


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )


def _role_rule(role: str, style: RoleStyle) -> str:
    # Browsers and WeasyPrint justify Thai by widening the few spaces it has, which leaves
    # wide gaps; the DOCX uses Word's Thai distribution instead, the PDF stays ragged-right.
    align = "left" if style.align == "justify" else style.align
    decls = [
        f"font-weight: {'bold' if style.bold else 'normal'}",
        f"text-align: {align}",
        f"font-size: {style.size_pt:g}pt",
        f"margin-left: {style.left_cm:g}cm",
        f"text-indent: {style.first_line_cm:g}cm",
        f"margin-top: {style.space_before_pt:g}pt",
    ]
    if style.keep_with_next:
        decls.append("break-after: avoid")
    if style.page_break_before:
        decls.append("break-before: page")
    return f".msoc-report .r-{role} {{ {'; '.join(decls)}; }}"


@cache
def report_css() -> str:
    """The CSS of the report body (scoped to .msoc-report), without page rules."""
    rules = [(TEMPLATES / "report.css").read_text(encoding="utf-8")]
    rules += [_role_rule(role, style) for role, style in ROLE_STYLES.items()]
    rules += [
        f".msoc-report table.news col.c{i} {{ width: {share * 100:g}%; }}"
        for i, share in enumerate(NEWS_COLUMN_WIDTHS, start=1)
    ]
    # Levels add to the role's own indent; roles with levels are the standing-content ones.
    for role in ("bullet", "num", "sp"):
        base = ROLE_STYLES[role].left_cm
        rules += [
            f".msoc-report .r-{role}.lvl-{n} {{ margin-left: {base + LEVEL_INDENT_CM * n:g}cm; }}"
            for n in range(1, MAX_LEVEL + 1)
        ]
    return "\n".join(rules)


@cache
def page_css() -> str:
    """The @page rules (A4, margins, page numbers) and the on-screen sheet look."""
    return (TEMPLATES / "page.css").read_text(encoding="utf-8")


def _chart_page(chart: Chart) -> Markup:
    return Markup(chart_html(chart))  # noqa: S704 - built from escaped text by render/charts.py


def _chart_fragment(chart: Chart) -> Markup:
    # The web app's CSP forbids style attributes; browsers shape Thai in SVG text themselves.
    return Markup(chart_svg(chart))  # noqa: S704 - escaped text and numbers (render/charts.py)


def render_html(report: DailyReport, *, standalone: bool = True) -> str:
    """The report as HTML; standalone=False gives a fragment for the web app's live preview."""
    blocks = document_blocks(report)
    template = _environment().get_template("report.html.j2")
    return template.render(
        blocks=list(html_blocks(blocks)),
        element=element,
        chart=_chart_page if standalone else _chart_fragment,
        standalone=standalone,
        title=f"รายงาน {report.header.unit_short} {format_thai_date_long(report.date)}",
        # S704: the style sheets are the package's own files, not input.
        css=Markup(report_css()),  # noqa: S704
        page_css=Markup(page_css()),  # noqa: S704
    )

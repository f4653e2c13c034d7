"""The printed report as a flat sequence of paragraphs and tables, shared by HTML and DOCX.

`document_blocks(report)` decides what text is printed, in which order and in which role;
each renderer only maps roles to its own styling (`ROLE_STYLES`). Free text goes through
`thai_body_digits`, so the body uses Thai digits while names such as COVID-19 keep theirs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from msoc.report.model import SECTION_TITLES, SECTIONS, Chart, DailyReport, StandingBlock
from msoc.report.render import wording as w
from msoc.thai import format_thai_date_long, thai_body_digits


@dataclass(frozen=True)
class RoleStyle:
    """How a paragraph role looks: weight, alignment, size and indents (cm)."""

    bold: bool = False
    align: str = "left"  # left, center, justify
    size_pt: float = 16
    left_cm: float = 0.0
    first_line_cm: float = 0.0
    space_before_pt: float = 0.0
    keep_with_next: bool = False
    page_break_before: bool = False


# The official conventions: TH Sarabun New 16 pt, headings bold at the same size.
ROLE_STYLES: dict[str, RoleStyle] = {
    "brand": RoleStyle(bold=True, align="center", size_pt=22),
    "brand-en": RoleStyle(bold=True, align="center", size_pt=18),
    "unit": RoleStyle(bold=True, align="center"),
    "unit-en": RoleStyle(bold=True, align="center"),
    "address": RoleStyle(align="center", size_pt=14),
    "motto": RoleStyle(bold=True, align="center", keep_with_next=True),
    "urgency": RoleStyle(bold=True, size_pt=20, space_before_pt=6),
    "docno": RoleStyle(),
    "date": RoleStyle(left_cm=8.0),
    "subject": RoleStyle(space_before_pt=6),
    "to": RoleStyle(space_before_pt=6),
    "h1": RoleStyle(bold=True, space_before_pt=8, keep_with_next=True),
    "h2": RoleStyle(bold=True, left_cm=0.5, space_before_pt=4, keep_with_next=True),
    "h3": RoleStyle(bold=True, left_cm=1.0, space_before_pt=4, keep_with_next=True),
    "h4": RoleStyle(bold=True, left_cm=1.5, space_before_pt=2, keep_with_next=True),
    "p": RoleStyle(align="justify", first_line_cm=1.5),
    "line": RoleStyle(left_cm=1.0),
    "item": RoleStyle(align="justify", first_line_cm=1.5),
    "bullet": RoleStyle(left_cm=1.85, first_line_cm=-0.35),  # hanging: wrapped lines clear the dash
    "num": RoleStyle(align="justify", left_cm=1.0),
    "sp": RoleStyle(align="justify", left_cm=1.0, first_line_cm=0.5),  # standing-content paragraph
    "none": RoleStyle(align="center"),
    "appendix": RoleStyle(bold=True, align="center", keep_with_next=True, page_break_before=True),
    "caption": RoleStyle(bold=True, align="center", space_before_pt=10, keep_with_next=True),
}
APPENDIX_HEADING = "ภาคผนวก แผนภูมิ"  # the importer stops at a line starting "ภาคผนวก"
LEVEL_INDENT_CM = 0.75  # extra left indent per level of standing-content lines
MAX_LEVEL = 8  # deeper levels print at this indent


@dataclass(frozen=True)
class Para:
    """One printed paragraph: its text, its role (a key of ROLE_STYLES) and its level."""

    text: str
    role: str = "p"
    level: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "level", max(0, min(self.level, MAX_LEVEL)))

    @property
    def style(self) -> RoleStyle:
        """The role's style."""
        return ROLE_STYLES[self.role]

    @property
    def left_cm(self) -> float:
        """Left indent including the level's extra indent."""
        return self.style.left_cm + LEVEL_INDENT_CM * self.level


@dataclass(frozen=True)
class Table:
    """A ๑.๓ news table: header cells and rows of four cells (no rows: one '- ไม่มี -' row)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty_text: str = w.NO_ROWS


@dataclass(frozen=True, eq=False)
class Figure:
    """A chart of the appendix, drawn by each renderer from the same layout (render/charts.py)."""

    chart: Chart


Block = Para | Table | Figure
# วัน เวลา | ที่มา | สถานที่ | สรุปข่าว: wide enough for a DTG's halves and most province names.
NEWS_COLUMN_WIDTHS = (0.13, 0.15, 0.16, 0.56)


def document_blocks(report: DailyReport) -> list[Block]:
    """Every paragraph and table of the report, in print order."""
    return [
        *_letterhead(report),
        Para(w.SECTION_1, "h1"),
        *_situation(report),
        *_news(report),
        *_disaster(report),
        *_hotline(report),
        *_units(report),
        *_standing(report, "section3"),
        *_standing(report, "section4"),
        Para(w.SECTION_5, "h1"),
        *_key_headlines(report),
        *_standing(report, "section5_2"),
        *_appendix(report),
    ]


def _body(text: str) -> str:
    return thai_body_digits(text.strip())


def _letterhead(report: DailyReport) -> Iterator[Para]:
    h = report.header
    yield Para(h.unit_short, "brand")
    yield Para(h.unit_short_en, "brand-en")
    yield Para(h.unit_name, "unit")
    yield Para(h.unit_name_en, "unit-en")
    if h.address:
        yield Para(_body(h.address), "address")
    if contact := w.contact_line(h):
        yield Para(contact, "address")
    if h.motto:
        yield Para(h.motto, "motto")
    if h.urgency:
        yield Para(h.urgency, "urgency")
    yield Para(w.document_number_line(h), "docno")
    yield Para(format_thai_date_long(h.date), "date")
    subject = h.subject or f"รายงานสถานการณ์และการปฏิบัติการข่าวสารประจำ {format_thai_date_long(h.date)}"
    yield Para(w.subject_line(_body(subject)), "subject")
    if h.addressees:
        yield Para(w.addressee_line(h.addressees), "to")


def _paragraphs(texts: list[str], role: str = "p") -> Iterator[Para]:
    for text in texts:
        if text.strip():
            yield Para(_body(text), role)


def _situation(report: DailyReport) -> Iterator[Para]:
    s = report.situation
    yield Para(w.SECTION_1_1, "h2")
    general = list(_paragraphs(s.general))
    yield from general or [Para(w.NO_DATA, "none")]
    yield Para(w.SECTION_1_2, "h2")
    intro = _body(s.asean_intro)
    if s.covid_week is not None:
        # The sample runs the intro straight into the weekly figures, in one paragraph.
        intro = f"{intro or w.COVID_LEAD} {w.covid_week_sentence(s.covid_week)}"
    blocks = ([Para(_body(intro))] if intro else []) + list(_paragraphs(s.asean_extra))
    yield from blocks or [Para(w.NO_DATA, "none")]


def _news(report: DailyReport) -> Iterator[Block]:
    yield Para(w.SECTION_1_3, "h2")
    for i, section in enumerate(SECTIONS, start=1):
        yield Para(f"{w.thai_index(1, 3, i)} {SECTION_TITLES[section]}", "h3")
        rows = tuple(
            tuple(_body(cell) for cell in w.news_cells(row)) for row in report.news_in(section)
        )
        yield Table(w.NEWS_HEADER, rows)


def _disaster(report: DailyReport) -> Iterator[Para]:
    d = report.disaster
    yield Para(w.disaster_heading(_body(d.source_line)), "h2")
    blocks: list[Para] = []
    if d.forecast:
        blocks.append(Para(_body(d.forecast_title), "h4"))
        blocks.extend(_paragraphs(d.forecast))
    if d.reservoirs:
        if d.reservoir_title:
            blocks.append(Para(_body(d.reservoir_title), "h4"))
        blocks.append(Para(_body(w.reservoirs_paragraph(d.reservoirs))))
    blocks.extend(_paragraphs(d.extra))
    if d.hazards:
        blocks.append(Para(w.HAZARDS_TITLE, "h4"))
        blocks.extend(Para(_body(w.hazard_line(h))) for h in d.hazards)
    yield from blocks or [Para(w.NO_DATA, "none")]


def _hotline(report: DailyReport) -> Iterator[Para]:
    yield Para(w.SECTION_1_5, "h2")
    if report.hotline is None:
        yield Para(w.NO_DATA, "none")
        return
    for line in w.hotline_lines(report.hotline):
        yield Para(line, "line")


def _units(report: DailyReport) -> Iterator[Para]:
    yield Para(w.SECTION_2, "h1")
    if not report.units:
        yield Para(w.NO_DATA, "none")
    for i, unit in enumerate(report.units, start=1):
        yield Para(w.unit_heading(i, unit.name, unit.code), "h2")
        if not unit.activities:
            yield Para(w.NO_DATA, "none")
        for n, activity in enumerate(unit.activities, start=1):
            texts = [t for t in activity.paragraphs if t.strip()] or [""]
            yield Para(f"{w.activity_number(n)} {_body(texts[0])}".rstrip(), "item")
            yield from _paragraphs(texts[1:])


def _key_headlines(report: DailyReport) -> Iterator[Para]:
    yield Para(w.SECTION_5_1, "h2")
    if not report.key_headlines:
        yield Para(w.NO_DATA, "none")
    for i, text in enumerate(report.key_headlines, start=1):
        yield Para(w.key_headline(i, _body(text)), "line")


_LINE_ROLES = {"paragraph": "sp", "bullet": "bullet", "numbered": "num"}


def _standing(report: DailyReport, key: str) -> Iterator[Para]:
    block: StandingBlock | None = report.standing_block(key)
    heading_role = "h1" if key in ("section3", "section4") else "h2"
    yield Para(w.standing_heading(key, block.title if block else ""), heading_role)
    if block is None or not block.lines:
        yield Para(w.NO_DATA, "none")
        return
    depth = len(w.STANDING_NUMBERS[key].strip(".").split("."))
    for line in block.lines:
        text = _body(line.text)
        if line.kind == "heading":
            # A heading's level counts from the block's own number: ๓.๑ is level 1 of ๓.
            yield Para(text, f"h{min(4, max(2, depth + line.level))}")
        elif line.kind == "bullet":
            yield Para(f"- {text.removeprefix('-').strip()}", "bullet", line.level)
        else:
            yield Para(text, _LINE_ROLES.get(line.kind, "sp"), line.level)


def _appendix(report: DailyReport) -> Iterator[Block]:
    """The chart page after section ๕, only when the report has charts."""
    if not report.charts:
        return
    yield Para(APPENDIX_HEADING, "appendix")
    for i, chart in enumerate(report.charts, start=1):
        yield Para(f"แผนภูมิที่ {w.thai_index(i)} {_body(chart.title)}", "caption")
        yield Figure(chart)

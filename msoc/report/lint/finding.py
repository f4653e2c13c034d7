"""What a check found, the context every rule reads, and the report's text passages."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

from msoc.report.importer.findings import ImportIssue
from msoc.report.model import SECTIONS, DailyReport, StandingBlock
from msoc.thai import to_arabic_digits, to_thai_digits

Severity = Literal["error", "warning"]
Category = Literal[
    "arithmetic", "format", "order", "duplicate", "names", "text", "freshness", "history"
]
CATEGORIES: tuple[Category, ...] = (
    "arithmetic",
    "format",
    "order",
    "duplicate",
    "names",
    "text",
    "freshness",
)
NEWS_LABELS = {section: f"๑.๓.{to_thai_digits(str(i))}" for i, section in enumerate(SECTIONS, 1)}


@dataclass
class Finding:
    """One defect: rule id, severity, where it is, what was found and how to fix it."""

    rule: str
    severity: Severity
    section: str
    location: str
    found: str
    suggestion: str
    category: Category

    def to_dict(self) -> dict[str, Any]:
        """The finding as plain JSON values."""
        return asdict(self)

    def line(self) -> str:
        """One line in Thai: rule, place, what was found and the suggested fix."""
        level = "ผิดพลาด" if self.severity == "error" else "เตือน"
        place = " ".join(p for p in (self.section, self.location) if p)
        fix = f" → {self.suggestion}" if self.suggestion else ""
        return f"[{level}] {self.rule} ({place}): {self.found}{fix}"


@dataclass
class Context:
    """What the rules read: the report, the importer's issues and the known source names."""

    report: DailyReport
    import_issues: Sequence[ImportIssue] = ()
    sources: Collection[str] | None = None
    history: Sequence[Any] = ()  # history.Figure: the report's figures with their past values
    history_rule: Any = None  # history.HistoryRule (defaults when None)


@dataclass(frozen=True)
class Passage:
    """One piece of running text of the report with its place."""

    section: str
    location: str
    text: str
    kind: str  # news | headline | paragraph | activity | standing


def n(value: int | float | str) -> str:
    """A number in Thai digits with grouping, for messages."""
    if isinstance(value, str):
        return to_thai_digits(value)
    if isinstance(value, float) and not value.is_integer():
        return to_thai_digits(f"{value:,.4f}".rstrip("0").rstrip("."))
    return to_thai_digits(f"{int(value):,}")


def row_label(index: int) -> str:
    """'แถว ๓' for the 1-based row of a table."""
    return f"แถว {to_thai_digits(str(index))}"


def news_passages(report: DailyReport) -> Iterator[tuple[str, int, Passage]]:
    """(section code, 1-based row, passage) of every news row, table by table."""
    for section in SECTIONS:
        for i, row in enumerate(report.news_in(section), 1):
            yield section, i, Passage(NEWS_LABELS[section], row_label(i), row.summary, "news")


_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?(?:\s|$)")
_ITEM = re.compile(r"^\((\d{1,3})\)")


def block_passages(block: StandingBlock) -> list[Passage]:
    """Every line of a standing block, placed under its nearest numbered heading and item."""
    out: list[Passage] = []
    heading, item = _block_label(block.key), ""
    for i, line in enumerate(block.lines, 1):
        plain = to_arabic_digits(line.text)
        if m := _HEADING.match(plain):
            heading, item = to_thai_digits(m.group(1)), ""
        elif m := _ITEM.match(plain):
            item = f"({to_thai_digits(m.group(1))})"
        where = " ".join(p for p in (item, f"บรรทัด {to_thai_digits(str(i))}") if p)
        out.append(Passage(heading, where, line.text, "standing"))
    return out


def standing_passages(report: DailyReport) -> Iterator[Passage]:
    """Every line of every standing block (see `block_passages`)."""
    for block in report.standing:
        yield from block_passages(block)


def _block_label(key: str) -> str:
    return {"section3": "๓", "section4": "๔", "section5_2": "๕.๒"}.get(key, key)


def passages(report: DailyReport) -> Iterator[Passage]:
    """All running text: situation, news summaries, forecast, activities, standing, headlines."""
    for i, text in enumerate(report.situation.general, 1):
        yield Passage("๑.๑", f"ย่อหน้า {to_thai_digits(str(i))}", text, "paragraph")
    if report.situation.asean_intro:
        yield Passage("๑.๒", "ข้อความนำ", report.situation.asean_intro, "paragraph")
    for text in report.situation.asean_extra:
        yield Passage("๑.๒", "ข้อความเพิ่มเติม", text, "paragraph")
    for _section, _i, passage in news_passages(report):
        yield passage
    for i, text in enumerate(report.disaster.forecast, 1):
        yield Passage("๑.๔", f"พยากรณ์ ย่อหน้า {to_thai_digits(str(i))}", text, "paragraph")
    for u, unit in enumerate(report.units, 1):
        label = f"๒.{to_thai_digits(str(u))}"
        for a, activity in enumerate(unit.activities, 1):
            for text in activity.paragraphs:
                yield Passage(label, f"({to_thai_digits(str(a))})", text, "activity")
    yield from standing_passages(report)
    for i, text in enumerate(report.key_headlines, 1):
        yield Passage(f"๕.๑.{to_thai_digits(str(i))}", "", text, "headline")

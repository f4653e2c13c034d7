"""The daily report as data: the contract between builders, importer, checks and renderers.

A `DailyReport` holds every figure already computed; renderers only lay it out. `to_json` /
`from_json` give the documented JSON form (news `published_at` as ISO 8601 with +07:00).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from msoc.thai import BANGKOK

Section = Literal["social", "politics", "ministry", "foreign"]
SECTIONS: tuple[Section, ...] = ("social", "politics", "ministry", "foreign")
SECTION_TITLES: dict[str, str] = {
    "social": "ข่าวสังคมทั่วไป",
    "politics": "ข่าวการเมือง - ความมั่นคง",
    "ministry": "ข่าวเกี่ยวกับ พม.",
    "foreign": "ข่าวต่างประเทศ",
}
URGENCIES = ("ด่วนที่สุด", "ด่วนมาก", "ด่วน", "")

# Hotline breakdown keys, in the order the report prints them, with their printed labels.
HOTLINE_CHANNELS = {
    "hotline": "สายด่วน",
    "online": "สื่อออนไลน์",
    "walk_in": "ติดต่อด้วยตนเอง",
    "msoc_news": "ข่าว ศปก.พม.",
    "inspection": "กองตรวจฯ",
}
HOTLINE_SERVICES = {"ministry": "บริการที่เกี่ยวข้องกับ พม.", "referred": "การประสานส่งต่อ"}
HOTLINE_REFERRALS = {
    "counselling": "ให้คำปรึกษา",
    "pmj": "พมจ.",
    "ps": "พส.",
    "ops": "ผส.",
    "dcy": "ดย.",
    "dep": "พก.",
}
HOTLINE_KINDS = {
    "new_problem": "ปัญหาใหม่",
    "follow_up": "ติดตามปัญหาเดิม",
    "inquiry": "สอบถามข้อมูลทั่วไปเกี่ยวกับ พม.",
    "prank": "ก่อกวน",
    "wrong_number": "โทรผิด",
    "suggestion": "เสนอความคิดเห็น",
    "complaint": "ร้องเรียน",
}


@dataclass
class Header:
    """The letterhead and the addressing of one report."""

    date: date
    unit_short: str = "ศปก.พม."
    unit_short_en: str = "MSOC"
    unit_name: str = "ศูนย์ปฏิบัติการกระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์"
    unit_name_en: str = "Ministry of Social Development and Human Security Operation Center"
    address: str = ""
    phone: str = ""
    email: str = ""
    motto: str = ""
    urgency: str = "ด่วนที่สุด"
    agency_code: str = "พม ๐๒๐๔"
    document_number: int | None = None  # circular running number (ว ๔๗๕๐); None until issued
    subject: str = ""
    addressees: list[str] = field(default_factory=list)


@dataclass
class NewsRow:
    """One row of a ๑.๓ news table."""

    section: Section
    published_at: datetime  # aware, Asia/Bangkok
    source: str
    place: str  # as printed: กทม., ภูเก็ต, สหรัฐอเมริกา
    summary: str
    story: str | None = None  # cluster id when known
    item_id: int | None = None  # collected item behind the row, when known


@dataclass
class CovidWeek:
    """Thailand's weekly COVID-19 figures (Department of Disease Control), ๑.๒."""

    week: int
    year_be: int
    start: date
    end: date
    new_cases: int
    new_cases_per_day: int
    cumulative_cases: int
    new_deaths: int
    new_deaths_per_day: int
    cumulative_deaths: int
    pneumonia: int
    ventilated: int
    since: date | None = None  # the date the cumulative counts start from


@dataclass
class Situation:
    """Sections ๑.๑ and ๑.๒: general situation text, watch topics, weekly epidemic figures."""

    general: list[str] = field(default_factory=list)  # ๑.๑ paragraphs
    asean_intro: str = ""  # ๑.๒ text before the weekly figures (watch topics, DDC preamble)
    covid_week: CovidWeek | None = None
    asean_extra: list[str] = field(default_factory=list)  # ๑.๒ text msoc could not structure


@dataclass
class ReservoirList:
    """A count of large reservoirs meeting a condition and their names (๑.๔)."""

    label: str
    count: int
    names: list[str] = field(default_factory=list)


@dataclass
class HazardImpact:
    """One active hazard in ๑.๔: the register's households in its area and how many were reached.

    Built from msoc's hazard and register tables; `reached` = contacted + visited + helped and
    reached + unreachable + pending = households (the lint checks both).
    """

    title: str
    area: str
    households: int
    vulnerable: int
    reached: int
    contacted: int
    visited: int
    helped: int
    unreachable: int
    pending: int


@dataclass
class Disaster:
    """Section ๑.๔: sources, the TMD forecast and the RID reservoir lists."""

    source_line: str = ""  # (ที่มา : ปภ.พท. ๐๓๒๐๕๐๐ พ.ค. ๖๖)
    forecast_title: str = "ประกาศกรมอุตุนิยมวิทยา"
    forecast: list[str] = field(default_factory=list)
    reservoir_title: str = ""  # สภาพน้ำในอ่างเก็บน้ำ (ข้อมูลกรมชลประทาน วันที่ ...)
    reservoirs: list[ReservoirList] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    hazards: list[HazardImpact] = field(default_factory=list)  # generated, one per active hazard


@dataclass
class FiscalYearStats:
    """Cumulative hotline figures of a fiscal year."""

    start: date
    end: date
    days: int
    total: int
    per_day: int


@dataclass
class PreviousFiscalYear:
    """Total and average of the previous fiscal year."""

    year_be: int
    total: int
    per_day: int


@dataclass
class Hotline:
    """Section ๑.๕: the day's 1300 hotline figures with every breakdown (None = '-')."""

    total: int
    male: int | None = None
    female: int | None = None
    channels: dict[str, int | None] = field(default_factory=dict)
    services: dict[str, int | None] = field(default_factory=dict)
    referrals: dict[str, int | None] = field(default_factory=dict)
    mobile_unit: int | None = None
    kinds: dict[str, int | None] = field(default_factory=dict)
    kinds_total: int | None = None  # the "รวม" the report states after the kinds
    fiscal_year_to_date: FiscalYearStats | None = None
    previous_fiscal_year: PreviousFiscalYear | None = None


@dataclass
class Activity:
    """One numbered activity of a unit in section ๒ (paragraphs of one item)."""

    paragraphs: list[str]


@dataclass
class UnitActivities:
    """A unit's subsection of section ๒."""

    code: str  # สป. พส. สค. ดย. พก. ผส. พอช. กคช.
    name: str
    activities: list[Activity] = field(default_factory=list)


BlockKind = Literal["heading", "paragraph", "bullet", "numbered"]


@dataclass
class Line:
    """One line of standing content: a heading, paragraph, bullet or numbered paragraph."""

    kind: BlockKind
    text: str
    level: int = 0  # heading depth, or bullet indentation


@dataclass
class StandingBlock:
    """A versioned block of standing content (sections ๓, ๔ and ๕.๒)."""

    key: str  # "section3", "section4", "section5_2"
    title: str
    lines: list[Line] = field(default_factory=list)
    version: int = 1


ChartKind = Literal["stacked_columns", "bars"]
CHART_KINDS: tuple[ChartKind, ...] = ("stacked_columns", "bars")
# The series of a stacked chart that holds totals without a breakdown; renderers draw it grey.
UNSPLIT_SERIES = "ไม่แยกประเภท"


@dataclass
class Chart:
    """One chart of the appendix: category labels and named series of counts, all computed."""

    title: str
    kind: ChartKind
    labels: list[str] = field(default_factory=list)  # one per column or bar, in print order
    series: dict[str, list[int]] = field(default_factory=dict)  # Thai label -> one value per label
    unit: str = ""  # what the values count, e.g. "กรณี", "ข่าว"


@dataclass
class DailyReport:
    """One issue of the daily report, every figure computed, ready to render."""

    header: Header
    situation: Situation = field(default_factory=Situation)
    news: list[NewsRow] = field(default_factory=list)
    disaster: Disaster = field(default_factory=Disaster)
    hotline: Hotline | None = None
    units: list[UnitActivities] = field(default_factory=list)
    standing: list[StandingBlock] = field(default_factory=list)
    key_headlines: list[str] = field(default_factory=list)
    period_start: datetime | None = None
    period_end: datetime | None = None
    charts: list[Chart] = field(default_factory=list)  # the appendix; empty: no appendix

    @property
    def date(self) -> date:
        """The report's date."""
        return self.header.date

    def news_in(self, section: str) -> list[NewsRow]:
        """The rows of one ๑.๓ table, in their stored order."""
        return [row for row in self.news if row.section == section]

    def standing_block(self, key: str) -> StandingBlock | None:
        """The standing block with this key, if the report has it."""
        return next((b for b in self.standing if b.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON data contract as plain Python values."""
        data = part_to_dict(self)
        if not self.charts:
            del data["charts"]  # reports without an appendix keep their earlier JSON form
        if not self.disaster.hazards:
            del data["disaster"]["hazards"]  # likewise ๑.๔ without hazard lines
        return data

    def to_json(self, indent: int | None = 2) -> str:
        """The documented JSON data contract."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DailyReport:
        """Rebuild a report from its JSON data contract."""
        return _from_dict(data)

    @classmethod
    def from_json(cls, text: str) -> DailyReport:
        """Rebuild a report from the JSON text of `to_json`."""
        return cls.from_dict(json.loads(text))


def part_to_dict(part: Any) -> dict[str, Any]:
    """One part of a report (situation, hotline, …) in its JSON form."""
    data: dict[str, Any] = _jsonable(dataclasses.asdict(part))
    return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.astimezone(BANGKOK).isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value).astimezone(BANGKOK) if value else None


def situation_from_dict(data: dict[str, Any] | None) -> Situation:
    """Sections ๑.๑-๑.๒ from their JSON form."""
    situation = dict(data or {})
    if situation.get("covid_week"):
        cw = dict(situation["covid_week"])
        for key in ("start", "end", "since"):
            cw[key] = _d(cw.get(key))
        situation["covid_week"] = CovidWeek(**cw)
    return Situation(**situation)


def disaster_from_dict(data: dict[str, Any] | None) -> Disaster:
    """Section ๑.๔ from its JSON form."""
    disaster = dict(data or {})
    disaster["reservoirs"] = [ReservoirList(**r) for r in disaster.get("reservoirs", [])]
    disaster["hazards"] = [HazardImpact(**h) for h in disaster.get("hazards", [])]
    return Disaster(**disaster)


def hotline_from_dict(data: dict[str, Any] | None) -> Hotline | None:
    """Section ๑.๕ from its JSON form."""
    if not data:
        return None
    h = dict(data)
    if h.get("fiscal_year_to_date"):
        fy = dict(h["fiscal_year_to_date"])
        fy["start"], fy["end"] = _d(fy["start"]), _d(fy["end"])
        h["fiscal_year_to_date"] = FiscalYearStats(**fy)
    if h.get("previous_fiscal_year"):
        h["previous_fiscal_year"] = PreviousFiscalYear(**h["previous_fiscal_year"])
    return Hotline(**h)


def standing_from_dict(data: dict[str, Any]) -> StandingBlock:
    """One standing block from its JSON form."""
    return StandingBlock(
        key=data["key"],
        title=data["title"],
        version=data.get("version", 1),
        lines=[Line(**ln) for ln in data["lines"]],
    )


def chart_from_dict(data: dict[str, Any]) -> Chart:
    """One appendix chart from its JSON form; a series whose length differs is an error."""
    labels = [str(label) for label in data.get("labels", [])]
    series = {str(k): [int(v) for v in values] for k, values in data.get("series", {}).items()}
    kind = data.get("kind")
    if kind not in CHART_KINDS:
        raise ValueError(
            f"แผนภูมิ {data.get('title')!r}: ชนิด {kind!r} ไม่รองรับ ({', '.join(CHART_KINDS)})"
        )
    for name, values in series.items():
        if len(values) != len(labels):
            raise ValueError(
                f"แผนภูมิ {data.get('title')!r}: ชุดข้อมูล {name!r} มี {len(values)} ค่า "
                f"แต่มี {len(labels)} ป้าย"
            )
    return Chart(
        title=str(data.get("title", "")),
        kind=kind,
        labels=labels,
        series=series,
        unit=str(data.get("unit", "")),
    )


def _from_dict(data: dict[str, Any]) -> DailyReport:
    header = dict(data["header"])
    header["date"] = date.fromisoformat(header["date"])
    news = [
        NewsRow(**{**row, "published_at": _dt(row["published_at"])}) for row in data.get("news", [])
    ]
    units = [
        UnitActivities(
            code=u["code"], name=u["name"], activities=[Activity(**a) for a in u["activities"]]
        )
        for u in data.get("units", [])
    ]
    return DailyReport(
        header=Header(**header),
        situation=situation_from_dict(data.get("situation")),
        news=news,
        disaster=disaster_from_dict(data.get("disaster")),
        hotline=hotline_from_dict(data.get("hotline")),
        units=units,
        standing=[standing_from_dict(b) for b in data.get("standing", [])],
        key_headlines=list(data.get("key_headlines", [])),
        period_start=_dt(data.get("period_start")),
        period_end=_dt(data.get("period_end")),
        charts=[chart_from_dict(c) for c in data.get("charts", [])],
    )

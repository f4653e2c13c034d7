"""Database → DailyReport: the one place that assembles a report from what msoc keeps."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings

from msoc.apps.hotline.models import DayTotals
from msoc.apps.hotline.stats import hotline_for
from msoc.apps.news.models import Item
from msoc.apps.reports.models import NewsRow, Report, StandingBlock
from msoc.apps.units.models import Activity, Unit
from msoc.report import model as m
from msoc.thai import BANGKOK, format_thai_date_long, format_thai_date_short, to_thai_digits

STANDING_ORDER = ("section3", "section4", "section5_2")
HOTLINE_CHART_DAYS = 30
NEWS_CHART_DAYS = 7


@dataclass(frozen=True)
class HazardSupplier:
    """Where ๑.๔'s hazard lines come from: the lines of a date, and whether a date has any."""

    lines: Callable[[date], list[m.HazardImpact]]
    any_on: Callable[[date], bool]


# The hazards app sits above reports (it reads the register and raises alerts), so it registers
# its lines here in its AppConfig.ready, as search sources do, instead of reports importing it.
_HAZARD_SUPPLIERS: list[HazardSupplier] = []


def add_hazard_supplier(supplier: HazardSupplier) -> None:
    """Register a supplier of ๑.๔'s hazard lines (the hazards app's AppConfig.ready calls this)."""
    if supplier not in _HAZARD_SUPPLIERS:
        _HAZARD_SUPPLIERS.append(supplier)


class ReportNotFound(LookupError):
    """No report (issued, imported or draft) and no data exist for a date."""


def default_subject(day: date) -> str:
    """The subject line the report uses for a date."""
    return f"รายงานสถานการณ์และการปฏิบัติการข่าวสารประจำ {format_thai_date_long(day)}"


def current_report(day: date) -> Report | None:
    """The issued or imported report of a date, else its draft."""
    frozen = Report.objects.filter(
        date=day, status__in=[Report.Status.ISSUED, Report.Status.IMPORTED]
    )
    return frozen.first() or Report.objects.filter(date=day, status=Report.Status.DRAFT).first()


def report_for_date(day: date) -> m.DailyReport:
    """The report to show or render for a date: frozen content if issued, else built from data."""
    report = current_report(day)
    if report is not None and report.is_frozen and report.content:
        return m.DailyReport.from_dict(report.content)
    if report is None and not _has_any_data(day):
        raise ReportNotFound(f"ไม่มีรายงานหรือข้อมูลของวันที่ {day.isoformat()}")
    return build_daily_report(day, report)


def _has_any_data(day: date) -> bool:
    return (
        DayTotals.objects.filter(date=day).exists()
        or Activity.objects.filter(date=day).exists()
        or any(supplier.any_on(day) for supplier in _HAZARD_SUPPLIERS)
    )


def build_daily_report(day: date, report: Report | None = None) -> m.DailyReport:
    """Assemble the report of a date from its stored rows, hotline figures, activities and blocks."""
    header = _header(day, report)
    rows = (
        NewsRow.objects.filter(report=report).order_by("section", "position", "id")
        if report
        else []
    )
    news = [_news_row(r) for r in rows]
    news.sort(key=lambda r: m.SECTIONS.index(r.section))
    times = [r.published_at for r in news]
    disaster = m.disaster_from_dict(report.disaster if report else None)
    disaster.hazards = hazards_for(day)
    return m.DailyReport(
        header=header,
        situation=m.situation_from_dict(report.situation if report else None),
        news=news,
        disaster=disaster,
        hotline=hotline_for(day),
        units=units_for(day),
        standing=standing_for(day),
        key_headlines=list(report.key_headlines) if report else [],
        period_start=min(times) if times else None,
        period_end=max(times) if times else None,
        charts=charts_for(day),
    )


def _header(day: date, report: Report | None) -> m.Header:
    conf = settings.MSOC_HEADER
    return m.Header(
        date=day,
        address=conf["address"],
        phone=conf["phone"],
        email=conf["email"],
        motto=conf["motto"],
        urgency=report.urgency if report else "ด่วนที่สุด",
        agency_code=report.agency_code if report else settings.MSOC_AGENCY_CODE,
        document_number=report.document_number if report else None,
        subject=(report.subject if report and report.subject else default_subject(day)),
        addressees=list(report.addressees)
        if report and report.addressees
        else list(settings.MSOC_ADDRESSEES),
    )


def _news_row(row: NewsRow) -> m.NewsRow:
    published: datetime = row.published_at.astimezone(BANGKOK)
    return m.NewsRow(
        section=row.section,  # type: ignore[arg-type]
        published_at=published,
        source=row.source,
        place=row.place,
        summary=row.summary,
        story=row.story or None,
        item_id=row.item_id_ref,
    )


def hazards_for(day: date) -> list[m.HazardImpact]:
    """๑.๔'s generated lines: each hazard active on the date with its register households."""
    return [line for supplier in _HAZARD_SUPPLIERS for line in supplier.lines(day)]


def units_for(day: date) -> list[m.UnitActivities]:
    """Section ๒: every unit with activities on the date, in the units' fixed order."""
    activities = (
        Activity.objects.filter(date=day)
        .select_related("unit")
        .order_by("unit__order", "position", "id")
    )
    by_unit: dict[int, m.UnitActivities] = {}
    for act in activities:
        unit: Unit = act.unit
        entry = by_unit.setdefault(unit.pk, m.UnitActivities(code=unit.code, name=unit.name))
        entry.activities.append(m.Activity(paragraphs=list(act.paragraphs)))
    return list(by_unit.values())


def standing_for(day: date) -> list[m.StandingBlock]:
    """The latest version of each standing block valid on the date."""
    blocks = []
    for key in STANDING_ORDER:
        block = (
            StandingBlock.objects.filter(key=key, valid_from__lte=day).order_by("-version").first()
        )
        if block is not None:
            blocks.append(
                m.standing_from_dict(
                    {
                        "key": block.key,
                        "title": block.title,
                        "version": block.version,
                        "lines": block.lines,
                    }
                )
            )
    return blocks


def charts_for(day: date) -> list[m.Chart]:
    """The appendix charts of a date: 1300 cases by kind over 30 days, news by topic over 7.

    A chart with no data at all is left out, so a date without data gets no appendix.
    """
    charts = [hotline_chart(day), news_topics_chart(day)]
    return [c for c in charts if any(any(values) for values in c.series.values())]


def _period(start: date, end: date) -> str:
    """'๔ เม.ย. - ๓ พ.ค. ๖๖', with the start's year too when the years differ."""
    first = format_thai_date_short(start)
    if start.year == end.year:
        first = first.rsplit(" ", 1)[0]
    return f"{first} - {format_thai_date_short(end)}"


def hotline_chart(day: date, days: int = HOTLINE_CHART_DAYS) -> m.Chart:
    """1300 cases per day by kind over the `days` days up to `day`; totals-only days grey."""
    first = day - timedelta(days=days - 1)
    dates = [first + timedelta(days=i) for i in range(days)]
    stored = {t.date: t for t in DayTotals.objects.filter(date__gte=first, date__lte=day)}
    series: dict[str, list[int]] = {label: [] for label in m.HOTLINE_KINDS.values()}
    unsplit: list[int] = []
    for d in dates:
        totals = stored.get(d)
        kinds = (totals.kinds or {}) if totals else {}
        split = any(kinds.get(key) is not None for key in m.HOTLINE_KINDS)
        for key, label in m.HOTLINE_KINDS.items():
            series[label].append(int(kinds.get(key) or 0) if split else 0)
        unsplit.append(totals.total if totals and not split else 0)
    series[m.UNSPLIT_SERIES] = unsplit
    return m.Chart(
        title=(
            f"เรื่องที่สายด่วน ๑๓๐๐ รับ {to_thai_digits(str(days))} วันล่าสุด จำแนกตามประเภท "
            f"({_period(first, day)})"
        ),
        kind="stacked_columns",
        labels=[to_thai_digits(str(d.day)) for d in dates],
        series={label: values for label, values in series.items() if any(values)},
        unit="กรณี",
    )


def news_topics_chart(day: date, days: int = NEWS_CHART_DAYS) -> m.Chart:
    """Collected news items per watch topic published in the `days` days up to `day`."""
    from msoc.nlp.topics import load_topics  # imported late: it loads scikit-learn

    first = day - timedelta(days=days - 1)
    start = datetime.combine(first, time.min, tzinfo=BANGKOK)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=BANGKOK)
    counts: Counter[str] = Counter()
    items = (
        Item.objects.filter(published_at__gte=start, published_at__lt=end)
        .exclude(section="none")
        .values_list("topics", flat=True)
    )
    for topics in items:
        counts.update(set(topics or []))
    names = {t.key: t.name_th for t in load_topics()}
    order = list(names)
    # Most items first; ties keep the topic table's order, unknown keys after it.
    keys = sorted(
        counts, key=lambda k: (-counts[k], order.index(k) if k in names else len(order), k)
    )
    return m.Chart(
        title=(
            f"ข่าวที่รวบรวมได้ {to_thai_digits(str(days))} วันล่าสุด จำแนกตามหัวข้อเฝ้าระวัง "
            f"({_period(first, day)})"
        ),
        kind="bars",
        labels=[names.get(k, k) for k in keys],
        series={"ข่าว": [counts[k] for k in keys]},
        unit="ข่าว",
    )

"""Trends: topics over time (chart with spikes, weekly/monthly table), outlets per day, the
province map of items by topic and period, CSV/XLSX export."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from msoc.apps.news.trends import (
    daily_topics,
    outlet_days,
    province_code_counts,
    topic_table,
)
from msoc.register.areas import default_areas
from msoc.thai import format_thai_date_short
from msoc.web import charts
from msoc.web.forms_dates import range_filter
from msoc.web.maps import province_codes, value_map
from msoc.web.permissions import READERS, require
from msoc.web.tables import export

SPANS = {"week": 12, "month": 12}
DEFAULT_DAYS = 30


def _data(request: HttpRequest) -> dict[str, Any]:
    from msoc.apps.news.models import Item

    by = request.GET.get("by", "week")
    if by not in SPANS:
        raise Http404("ช่วงเวลาไม่ถูกต้อง")
    end = timezone.localdate()
    table = topic_table(Item.objects.all(), end, by, SPANS[by])
    since, until, range_form = range_filter(request.GET, end, DEFAULT_DAYS)
    topic = (request.GET.get("topic") or "").strip()[:60]
    counts = province_code_counts(Item.objects.all(), since, until, topic)
    names = default_areas().provinces
    return {
        "by": by,
        "table": table,
        "end": end,
        "since": since,
        "until": until,
        "range_form": range_form,
        "topic": topic,
        "province_counts": counts,
        "provinces": {names[c]: n for c, n in counts.items() if c in names},
    }


def _charts(since: date, until: date, topic: str) -> dict[str, Any]:
    """The topic and outlet charts of the chosen days (safe SVG built from escaped text)."""
    from msoc.apps.news.models import Item, Source

    days, counts, spikes = daily_topics(Item.objects.all(), since, until, topic)
    series = [charts.Series(name, values, spikes[name]) for name, values in counts.items()]
    followed = Source.objects.filter(enabled=True).order_by("name").values_list("name", flat=True)
    outlets = outlet_days(Item.objects.all(), list(followed), since, until)
    rows = [charts.Series(name, values) for name, values in outlets.items()]
    return {
        # S308: the charts are built from escaped text and numbers only (web/charts.py).
        "topic_chart": mark_safe(  # noqa: S308
            charts.line_chart(days, series, title="จำนวนข่าวรายวันตามหัวข้อ")
        ),
        "topic_legend": charts.legend(series),
        "spike_list": [
            (s.label, format_thai_date_short(days[i]), why)
            for s in series
            for i, why in sorted(s.spikes.items())
        ],
        "outlet_chart": mark_safe(  # noqa: S308
            charts.outlet_rows(days, rows, title="จำนวนข่าวรายวันของแต่ละแหล่งข่าว")
        ),
        "silent": [s.label for s in rows if not any(s.values[-3:])],
    }


def _province_map(data: dict[str, Any]) -> tuple[str, list[tuple[str, int, str, str]]]:
    """The choropleth of items per province and the table rows (name, count, colour, link)."""
    names = default_areas().provinces
    counts: dict[int, int] = data["province_counts"]
    links = {}
    for code in counts:
        query = {"place": names[code], "date_from": data["since"], "date_to": data["until"]}
        if data["topic"]:
            query["topic"] = data["topic"]
        links[code] = f"/search/?{urlencode(query)}"
    what = f"ข่าวหัวข้อ {data['topic']}" if data["topic"] else "ข่าว"
    drawn = value_map(
        "province",
        province_codes(),
        {c: float(counts.get(c, 0)) for c in province_codes()},
        fmt=lambda v: f"{v:,.0f}",
        title=f"จำนวน{what}รายจังหวัด",
        links=links,
        no_data=None,
    )
    rows = [
        (names[c], n, drawn.fills.get(c, ""), links[c])
        for c, n in sorted(counts.items(), key=lambda kv: -kv[1])
    ]
    return drawn.svg, rows


@require_GET
@require(READERS)
def trends(request: HttpRequest) -> HttpResponse:
    """The trends page."""
    data = _data(request)
    table = data["table"]
    rows = [
        (topic, series, table.spikes.get(topic))
        for topic, series in list(table.counts.items())[:40]
    ]
    map_svg, province_rows = _province_map(data)
    params = request.GET.copy()
    params.pop("by", None)
    return render(
        request,
        "web/trends.html",
        {
            **data,
            **_charts(data["since"], data["until"], data["topic"]),
            "rows": rows,
            "topics": list(table.counts)[:40],
            "period_labels": [format_thai_date_short(p) for p in table.periods],
            "map_svg": mark_safe(map_svg),  # noqa: S308 - built from escaped names only
            "province_rows": province_rows,
            "params": params.urlencode(),
        },
    )


@require_GET
@require(READERS)
def export_table(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """One table of the trends page as CSV or XLSX."""
    if fmt not in ("csv", "xlsx") or table not in ("topics", "provinces"):
        raise Http404("ไม่มีตารางนี้")
    data = _data(request)
    if table == "topics":
        header = ["หัวข้อ", *[p.isoformat() for p in data["table"].periods], "ผิดปกติ"]
        rows = [[t, *s, data["table"].spikes.get(t, "")] for t, s in data["table"].counts.items()]
        start = data["table"].periods[0]
    else:
        header = ["จังหวัด", "จำนวนข่าว"]
        rows = sorted(([k, v] for k, v in data["provinces"].items()), key=lambda r: -r[1])
        start = data["since"]
    end = data["end"] if table == "topics" else data["until"]
    name = f"msoc-{table}-{data['by']}-{start.isoformat()}-{(end + timedelta(days=0)).isoformat()}"
    return export(name, header, rows, fmt)

"""Trends: topic counts per week or month with spikes, the province map, CSV/XLSX export."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from msoc.thai import format_thai_date_short
from msoc.web.permissions import READERS, require
from msoc.web.provinces import tile_map_svg
from msoc.web.tables import export
from msoc.web.trends import province_counts, topic_table

SPANS = {"week": 12, "month": 12}


def _data(request: HttpRequest) -> dict[str, Any]:
    from msoc.apps.news.models import Item

    by = request.GET.get("by", "week")
    if by not in SPANS:
        raise Http404("ช่วงเวลาไม่ถูกต้อง")
    end = timezone.localdate()
    table = topic_table(Item.objects.all(), end, by, SPANS[by])
    provinces = province_counts(Item.objects.all(), table.periods[0], end)
    return {"by": by, "table": table, "provinces": provinces, "end": end}


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
    return render(
        request,
        "web/trends.html",
        {
            **data,
            "rows": rows,
            "period_labels": [format_thai_date_short(p) for p in table.periods],
            "map_svg": mark_safe(tile_map_svg(data["provinces"])),  # built with escaped names only
            "province_rows": sorted(data["provinces"].items(), key=lambda kv: -kv[1]),
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
    else:
        header = ["จังหวัด", "จำนวนข่าว"]
        rows = sorted(([k, v] for k, v in data["provinces"].items()), key=lambda r: -r[1])
    start = data["table"].periods[0]
    name = f"msoc-{table}-{data['by']}-{start.isoformat()}-{(data['end'] + timedelta(days=0)).isoformat()}"
    return export(name, header, rows, fmt)

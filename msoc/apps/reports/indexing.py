"""Rows of frozen reports into the search index, pulled by `engine.sync` (see apps.py)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from msoc.apps.reports.models import NewsRow, Report
from msoc.apps.search.engine import index_report
from msoc.apps.search.models import SearchEntry


def index_new_reports(batch: int) -> int:
    """Index the rows of up to 50 frozen reports that have rows and no entries yet."""
    # Correlated EXISTS on indexed columns: a join with DISTINCT here would sort every report's
    # frozen content on each call.
    indexed = SearchEntry.objects.filter(kind="row", report_id=OuterRef("pk"))
    has_rows = NewsRow.objects.filter(report=OuterRef("pk"))
    pending = (
        Report.objects.exclude(status=Report.Status.DRAFT)
        .filter(Exists(has_rows))
        .exclude(Exists(indexed))
        .order_by("pk")
        .values_list("pk", flat=True)[: min(batch, 50)]
    )
    return sum(index_report(report) for report in Report.objects.filter(pk__in=list(pending)))

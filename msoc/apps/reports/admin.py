"""Reports, standing content and the document-number sequence in the Django admin.

Issued reports are read-only here: corrections go through the builder (a superseding report).
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from msoc.apps.reports.models import DocumentNumberSequence, NewsRow, Report, StandingBlock


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ("date", "status", "agency_code", "document_number", "issued_at")
    list_filter = ("status",)
    date_hierarchy = "date"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or not obj.is_frozen

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(NewsRow)
class NewsRowAdmin(SimpleHistoryAdmin):
    list_display = ("report", "section", "position", "source", "place")
    list_filter = ("section",)
    search_fields = ("summary", "source", "place")
    raw_id_fields = ("report",)


@admin.register(StandingBlock)
class StandingBlockAdmin(SimpleHistoryAdmin):
    list_display = ("key", "version", "title", "valid_from", "created_by")
    list_filter = ("key",)


@admin.register(DocumentNumberSequence)
class DocumentNumberSequenceAdmin(admin.ModelAdmin):
    list_display = ("agency_code", "last_number")
    readonly_fields = ("last_number",)

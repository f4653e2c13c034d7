"""Hotline day totals in the Django admin."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from msoc.apps.hotline.models import Case, DayTotals


@admin.register(DayTotals)
class DayTotalsAdmin(SimpleHistoryAdmin):
    list_display = ("date", "total", "male", "female", "origin", "updated_at")
    date_hierarchy = "date"


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    # Statistics only: the caller's personal data (CasePerson) is never shown in the admin.
    list_display = ("case_id", "received_at", "sex", "channel", "kind", "handling", "referral")
    list_filter = ("channel", "kind", "handling", "mobile_unit")
    date_hierarchy = "day"
    search_fields = ("case_id",)

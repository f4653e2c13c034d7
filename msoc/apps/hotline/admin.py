"""Hotline day totals in the Django admin."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from msoc.apps.hotline.models import DayTotals


@admin.register(DayTotals)
class DayTotalsAdmin(SimpleHistoryAdmin):
    list_display = ("date", "total", "male", "female", "origin", "updated_at")
    date_hierarchy = "date"

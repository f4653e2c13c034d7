"""Units and their activities in the Django admin (Thai labels come from the models)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from msoc.apps.units.models import Activity, Duty, Holiday, Unit


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ("order", "code", "name", "active")
    list_display_links = ("code",)
    search_fields = ("code", "name")


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ("date", "unit", "position", "origin")
    list_filter = ("unit", "origin")
    date_hierarchy = "date"


@admin.register(Duty)
class DutyAdmin(admin.ModelAdmin):
    list_display = ("unit", "part", "source", "deadline", "remind_before", "active")
    list_filter = ("part", "active")
    list_editable = ("deadline", "remind_before", "active")


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name")
    date_hierarchy = "date"

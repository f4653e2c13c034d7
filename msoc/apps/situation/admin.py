"""Situation readings in the Django admin (read-mostly: writes go through actions)."""

from django.contrib import admin

from msoc.apps.situation.models import Reading


@admin.register(Reading)
class ReadingAdmin(admin.ModelAdmin):
    list_display = ("day", "source", "origin", "created_at")
    list_filter = ("source",)
    date_hierarchy = "day"

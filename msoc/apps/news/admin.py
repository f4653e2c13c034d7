"""Django admin for the source registry, feeds, stored items and fetch logs."""

from __future__ import annotations

from django.contrib import admin

from .models import Feed, FetchLog, Item, Source


class FeedInline(admin.TabularInline):
    model = Feed
    extra = 0
    fields = (
        "url",
        "enabled",
        "poll_interval",
        "last_status",
        "last_success_at",
        "consecutive_failures",
        "last_error",
    )
    readonly_fields = ("last_status", "last_success_at", "consecutive_failures", "last_error")


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "enabled", "confirmed", "site_url")
    list_filter = ("kind", "enabled", "confirmed")
    search_fields = ("name", "site_url", "notes")
    inlines = [FeedInline]


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = (
        "source",
        "url",
        "enabled",
        "last_status",
        "last_success_at",
        "last_new_item_at",
        "consecutive_failures",
        "next_due_at",
    )
    list_filter = ("enabled", "source")
    search_fields = ("url", "source__name")


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("title", "source", "published_at", "section", "place_printed")
    list_filter = ("source", "section")
    search_fields = ("title", "canonical_url")
    date_hierarchy = "published_at"
    readonly_fields = ("content_hash", "fetched_at", "raw")


@admin.register(FetchLog)
class FetchLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "feed", "kind", "url", "status", "error", "items_new")
    list_filter = ("kind", "permanent")
    search_fields = ("url", "error")

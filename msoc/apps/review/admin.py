"""Review decisions (training data) in the Django admin, read-only."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from msoc.apps.review.models import Review


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("created_at", "item", "user", "decision")
    list_filter = ("decision",)
    raw_id_fields = ("item",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

"""Roles, API tokens and the (read-only) audit log in the Django admin."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from msoc.apps.accounts.models import ApiToken, AuditEvent, Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "unit")
    list_filter = ("role", "unit")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only here: tokens are issued and revoked on /tokens/ or with `msoc tokens`."""

    list_display = ("name", "user", "scope", "created_at", "last_used_at", "revoked")
    readonly_fields = (
        "name",
        "user",
        "scope",
        "token_hash",
        "created_at",
        "last_used_at",
        "revoked",
    )
    list_filter = ("revoked", "scope")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor_name", "action", "target", "target_id")
    list_filter = ("action",)
    search_fields = ("actor_name", "target_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

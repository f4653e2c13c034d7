"""Django admin for distribution lists, alert rules, alerts and deliveries."""

from __future__ import annotations

from django.contrib import admin

from .models import Alert, AlertRule, Delivery, DistributionList, Recipient


class RecipientInline(admin.TabularInline):
    model = Recipient
    extra = 1
    fields = ("position", "name", "email", "active")


@admin.register(DistributionList)
class DistributionListAdmin(admin.ModelAdmin):
    list_display = ("name", "reports", "digest", "active", "created_at")
    list_filter = ("reports", "digest", "active")
    search_fields = ("name", "description", "recipients__email", "recipients__name")
    inlines = [RecipientInline]


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    list_display = ("email", "position", "name", "distribution_list", "active")
    list_filter = ("distribution_list", "active")
    search_fields = ("email", "name", "position")


@admin.register(AlertRule)
class AlertRuleAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "quiet_hours", "active", "created_at")
    list_filter = ("kind", "active")
    search_fields = ("name",)
    filter_horizontal = ("lists",)


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ("fired_at", "title", "rule", "delivered", "acknowledged_at")
    list_filter = ("rule", "delivered")
    search_fields = ("title", "key")
    raw_id_fields = ("items",)
    date_hierarchy = "fired_at"


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "address",
        "subject_label",
        "status",
        "attempts",
        "sent_at",
        "next_attempt_at",
        "last_error",
    )
    list_filter = ("status",)
    search_fields = ("address", "message_id", "last_error")
    readonly_fields = ("message_id", "sent_at", "attempts", "created_at", "updated_at")

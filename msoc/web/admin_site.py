"""Changes made in the Django admin go to the hash-chained audit log, like every other write.

The admin writes models itself, not through an app's actions.py; every ModelAdmin registered on
the site (msoc's own and those of Django's and third-party apps) gets AuditedModelAdmin mixed in,
which records one audit event per added, changed or deleted object in the admin's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import admin
from django.db import models, router, transaction
from django.http import HttpRequest

from msoc.apps.accounts.audit import record

# Never copied into the audit log.
SECRET_FIELDS = {"password", "token_hash", "session_data", "session_key"}
PLAIN = (str, int, float, bool, type(None))


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's own field values (no secrets, many-to-many as primary keys)."""
    out: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        value = field.value_from_object(obj)
        out[field.name] = value if isinstance(value, PLAIN + (list, dict)) else str(value)
    if obj.pk is not None:
        for m2m in obj._meta.many_to_many:
            out[m2m.name] = sorted(x.pk for x in getattr(obj, m2m.name).all())
    return out


def _label(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.object_name}"


class AuditedModelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Adds an audit event to each admin log entry: who, what, the record before and after."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Keep the stored record before the change, for the audit event."""
        if change and obj.pk is not None:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            befores = request.__dict__.setdefault("_msoc_admin_before", {})
            befores[(_label(obj), str(obj.pk))] = snapshot(stored) if stored else None
        super().save_model(request, obj, form, change)

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        """Django's log entry plus an audit event."""
        entry = super().log_addition(request, obj, message)
        record(request.user, "admin.add", _label(obj), obj.pk, after=snapshot(obj), message=message)
        return entry

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        """Django's log entry plus an audit event with the record before and after."""
        entry = super().log_change(request, obj, message)
        befores = request.__dict__.get("_msoc_admin_before", {})
        record(
            request.user,
            "admin.change",
            _label(obj),
            obj.pk,
            before=befores.get((_label(obj), str(obj.pk))),
            after=snapshot(obj),
            message=message,
        )
        return entry

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        """Delete, and record it, in one transaction."""
        with transaction.atomic(using=router.db_for_write(type(obj))):
            self._record_deletions(request, [obj])
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        """The bulk delete action: each object recorded, all in one transaction."""
        with transaction.atomic(using=router.db_for_write(queryset.model)):
            self._record_deletions(request, list(queryset))
            super().delete_queryset(request, queryset)

    def _record_deletions(self, request: HttpRequest, objs: Iterable[Any]) -> None:
        for obj in objs:
            record(request.user, "admin.delete", _label(obj), obj.pk, before=snapshot(obj))


class AuditedAdminSite(admin.AdminSite):
    """The default admin site: every ModelAdmin registered on it is audited."""

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        """Register with AuditedModelAdmin mixed into the admin class."""
        base = admin_class or admin.ModelAdmin
        if not issubclass(base, AuditedModelAdmin):
            base = type(base.__name__, (AuditedModelAdmin, base), {"__module__": base.__module__})
        super().register(model_or_iterable, base, **options)

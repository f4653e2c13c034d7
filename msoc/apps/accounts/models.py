"""Accounts: roles, unit membership, API tokens and the audit log of every change."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models

ROLES = ("admin", "editor", "unit", "viewer", "province")
ROLE_LABELS = {
    "admin": "ผู้ดูแลระบบ",
    "editor": "เจ้าหน้าที่ ศปก.พม.",
    "unit": "ผู้รายงานของหน่วยงาน",
    "viewer": "ผู้อ่าน",
    "province": "เจ้าหน้าที่ระดับจังหวัด (พมจ.)",
}


class Membership(models.Model):
    """A user's role, and for unit contributors the one unit whose data they may edit."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField("บทบาท", max_length=16, choices=[(r, ROLE_LABELS[r]) for r in ROLES])
    unit = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.PROTECT, verbose_name="หน่วยงาน"
    )
    # The provinces whose register data the user may see (kongvut ids); admins see every one.
    provinces = models.JSONField("จังหวัดที่รับผิดชอบ", default=list, blank=True)
    all_provinces = models.BooleanField("ทุกจังหวัด", default=False)

    class Meta:
        verbose_name = "บทบาทผู้ใช้"
        verbose_name_plural = "บทบาทผู้ใช้"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="unit") | models.Q(unit__isnull=False),
                name="unit_role_needs_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({ROLE_LABELS.get(self.role, self.role)})"


class AuditEvent(models.Model):
    """Who changed what, when: one row per domain action, with the record before and after."""

    created_at = models.DateTimeField("เวลา", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name="ผู้ดำเนินการ",
    )
    actor_name = models.CharField("ชื่อผู้ดำเนินการ", max_length=150, blank=True)
    action = models.CharField("การกระทำ", max_length=64, db_index=True)
    target = models.CharField("รายการ", max_length=64, db_index=True)
    target_id = models.CharField("รหัสรายการ", max_length=64, blank=True)
    before = models.JSONField("ก่อน", null=True, blank=True)
    after = models.JSONField("หลัง", null=True, blank=True)
    detail = models.JSONField("รายละเอียด", default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = "บันทึกการเปลี่ยนแปลง"
        verbose_name_plural = "บันทึกการเปลี่ยนแปลง"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name or '-'} {self.action} {self.target}#{self.target_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        """Events are appended once and never changed."""
        if self.pk is not None and AuditEvent.objects.filter(pk=self.pk).exists():
            raise PermissionError("บันทึกการเปลี่ยนแปลงแก้ไขไม่ได้ (append-only)")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        """Events are never deleted."""
        raise PermissionError("บันทึกการเปลี่ยนแปลงลบไม่ได้ (append-only)")


class AuditChainHead(models.Model):
    """The hash of the newest audit event; locked while appending so the chain stays linear."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "หัวสายบันทึก"
        verbose_name_plural = "หัวสายบันทึก"

    def __str__(self) -> str:
        return f"หัวสายบันทึก {self.last_hash[:12]}"


class ApiToken(models.Model):
    """A token for another agency's system; only its hash is stored."""

    class Scope(models.TextChoices):
        READ = "read", "อ่านอย่างเดียว"
        WRITE = "write", "อ่านและเขียน"

    name = models.CharField("ชื่อระบบ", max_length=100)
    # What the token may do on top of its user's role: a read token never writes.
    scope = models.CharField("สิทธิ์", max_length=8, choices=Scope.choices, default=Scope.READ)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField("ยกเลิกแล้ว", default=False)

    class Meta:
        verbose_name = "โทเคน API"
        verbose_name_plural = "โทเคน API"

    def __str__(self) -> str:
        return f"{self.name} ({self.get_scope_display()})"

    @staticmethod
    def hash(raw: str) -> str:
        """SHA-256 of a raw token."""
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def generate() -> str:
        """A new random raw token (shown once)."""
        return "msoc_" + secrets.token_urlsafe(32)

"""`msoc demo-users`: the demo's accounts (admin, editor, viewer, a ดย. contributor, a province office)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from msoc.apps.accounts.actions import do_add_user

DEMO_ACCOUNTS = [
    ("admin", "admin", ""),
    ("editor", "editor", "all"),
    ("viewer", "viewer", ""),
    ("dcy", "unit:ดย.", ""),
    ("korat", "province:นครราชสีมา", ""),
]


class Command(BaseCommand):
    help = "Create the demo accounts, all with the demo password (MSOC_DEMO_PASSWORD)."

    def handle(self, *args: Any, **opts: Any) -> None:
        password = settings.MSOC_DEMO_PASSWORD
        for username, role, provinces in DEMO_ACCOUNTS:
            do_add_user(username, password, role, provinces=provinces)
        names = ", ".join(u for u, _, _ in DEMO_ACCOUNTS)
        self.stdout.write(f"บัญชีสาธิต: {names} — รหัสผ่าน {password}")

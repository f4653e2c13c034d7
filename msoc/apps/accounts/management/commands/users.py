"""`msoc users add USERNAME --role admin|editor|viewer|unit:<code>` and `msoc users list`."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from msoc.apps.accounts.actions import do_add_user
from msoc.apps.accounts.models import Membership
from msoc.apps.accounts.roles import RoleError


class Command(BaseCommand):
    help = "Accounts: add or update a user with a role; list users."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add")
        add.add_argument("username")
        add.add_argument(
            "--role",
            required=True,
            help="admin | editor | viewer | unit:<unit code> | province:<province[,province]>",
        )
        add.add_argument(
            "--provinces",
            default="",
            help="provinces whose register the account may see: names or ids, or 'all'",
        )
        sub.add_parser("list")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "list":
            for m in Membership.objects.select_related("user", "unit").order_by("user__username"):
                unit = f" ({m.unit.code})" if m.unit else ""
                where = "all" if m.all_provinces else ",".join(map(str, m.provinces))
                self.stdout.write(f"{m.user.username}\t{m.role}{unit}\t{where}")
            return
        password = settings.MSOC_PASSWORD or self._ask_password()
        try:
            validate_password(password)
            user = do_add_user(
                opts["username"], password, opts["role"], provinces=opts["provinces"]
            )
        except (RoleError, ValidationError) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(f"บัญชี {user.username} ({opts['role']}) พร้อมใช้งาน")

    def _ask_password(self) -> str:
        if not sys.stdin.isatty():
            raise CommandError("ตั้งรหัสผ่านด้วยตัวแปร MSOC_PASSWORD หรือรันบนเทอร์มินัล")
        first = getpass.getpass("รหัสผ่าน: ")
        if first != getpass.getpass("ยืนยันรหัสผ่าน: "):
            raise CommandError("รหัสผ่านไม่ตรงกัน")
        return first

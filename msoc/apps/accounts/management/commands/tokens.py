"""`msoc tokens add USER --scope read|write [--name NAME]`, `msoc tokens list`, `msoc tokens revoke ID`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from msoc.apps.accounts.actions import TokenError, do_issue_token, do_revoke_token
from msoc.apps.accounts.models import ApiToken


class Command(BaseCommand):
    help = "API tokens: add (printed once), list, revoke."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="issue a token for a user (printed once)")
        add.add_argument("username")
        add.add_argument("--scope", choices=ApiToken.Scope.values, required=True)
        add.add_argument("--name", default="", help="the system that uses it (default: USER)")
        sub.add_parser("list")
        rev = sub.add_parser("revoke")
        rev.add_argument("id", type=int)

    def handle(self, *args: Any, **opts: Any) -> None:
        getattr(self, "_" + opts["action"])(opts)

    def _add(self, opts: dict[str, Any]) -> None:
        user = User.objects.filter(username=opts["username"]).first()
        if user is None:
            raise CommandError(f"ไม่พบบัญชีผู้ใช้ {opts['username']!r}")
        try:
            token, raw = do_issue_token(
                user, name=opts["name"] or user.username, scope=opts["scope"], actor=None
            )
        except TokenError as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(
            f"โทเคน #{token.pk} ({token.get_scope_display()}) ของ {user.username}:"
            " แสดงครั้งเดียว เก็บไว้ให้ดี"
        )
        self.stdout.write(raw)

    def _list(self, opts: dict[str, Any]) -> None:
        for t in ApiToken.objects.select_related("user").order_by("id"):
            used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "-"
            state = "ยกเลิกแล้ว" if t.revoked else "ใช้งาน"
            self.stdout.write(f"{t.pk}\t{t.user.username}\t{t.scope}\t{t.name}\t{used}\t{state}")

    def _revoke(self, opts: dict[str, Any]) -> None:
        token = ApiToken.objects.filter(pk=opts["id"]).first()
        if token is None:
            raise CommandError(f"ไม่พบโทเคน #{opts['id']}")
        do_revoke_token(token, actor=None)
        self.stdout.write(f"ยกเลิกโทเคน #{token.pk} ({token.name}) แล้ว")

"""What the management commands share: dates and moments from the command line, sub-commands.

Every `msoc NAME ACTION …` command is an `ActionCommand`: its `add_actions` gives the sub-parser
set, `handle` calls `handle_<action>`, and the domain errors it lists in `errors` reach the user
as their Thai message (a CommandError) rather than a traceback — as Zulip's ZulipBaseCommand does.
"""

from __future__ import annotations

from argparse import _SubParsersAction
from datetime import date, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from msoc.thai import BANGKOK, ThaiFormatError, parse_thai_date


def parse_day(text: str) -> date:
    """A date given as ISO (2023-05-03) or in Thai (๓ พ.ค. ๖๖)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        try:
            return parse_thai_date(text).value
        except ThaiFormatError as exc:
            raise CommandError(f"วันที่ไม่ถูกต้อง: {text!r} (ใช้ YYYY-MM-DD)") from exc


def parse_moment(text: str | None) -> datetime:
    """An ISO date-time (Bangkok when no zone is given), or now."""
    if not text:
        return timezone.now()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"เวลาไม่ถูกต้อง: {text!r} (ใช้ YYYY-MM-DDTHH:MM)") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=BANGKOK)


class ActionCommand(BaseCommand):
    """A command with sub-commands, each handled by a `handle_<action>` method."""

    def errors(self) -> tuple[type[Exception], ...]:
        """Domain errors shown as their message (imported late: commands load before apps)."""
        return ()

    def add_actions(self, parser: CommandParser) -> _SubParsersAction[Any]:
        """The sub-command set; each action's name becomes `handle_<name>` (dashes as _)."""
        return parser.add_subparsers(dest="action", required=True)

    def handle(self, *args: Any, **opts: Any) -> None:
        method = getattr(self, f"handle_{opts['action'].replace('-', '_')}")
        try:
            method(**opts)
        except self.errors() as exc:
            raise CommandError(str(exc)) from exc

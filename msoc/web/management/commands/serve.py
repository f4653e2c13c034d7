"""`msoc serve --host H --port P`: the web app (waitress) with the scheduler in the same process."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve the web app; also polls feeds unless --no-scheduler (or MSOC_SCHEDULER=0)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-scheduler", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        from waitress import serve

        call_command("collectstatic", interactive=False, verbosity=0)
        from msoc.web.scheduler import Scheduler
        from msoc.wsgi import application  # after collectstatic: WhiteNoise indexes files at start

        if settings.MSOC_SCHEDULER and not opts["no_scheduler"]:
            Scheduler().start()
        self.stdout.write(f"msoc: http://{opts['host']}:{opts['port']}/")
        serve(
            application, host=opts["host"], port=opts["port"], threads=opts["threads"], ident="msoc"
        )

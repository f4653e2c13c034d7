"""`msoc serve --host H --port P`: the web app with the scheduler in the same process.

One process serves with waitress (threads); `--workers N` (N > 1) runs N gunicorn worker
processes instead, so that more than one core answers requests. The scheduler always runs once,
in the parent process.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections


class Command(BaseCommand):
    help = "Serve the web app; also polls feeds unless --no-scheduler (or MSOC_SCHEDULER=0)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8, help="threads per process")
        parser.add_argument(
            "--workers", type=int, default=1, help="worker processes (gunicorn when > 1)"
        )
        parser.add_argument("--no-scheduler", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        call_command("collectstatic", interactive=False, verbosity=0)
        from msoc.web.scheduler import Scheduler
        from msoc.wsgi import application  # after collectstatic: WhiteNoise indexes files at start

        if settings.MSOC_SCHEDULER and not opts["no_scheduler"]:
            Scheduler().start()
        self.stdout.write(f"msoc: http://{opts['host']}:{opts['port']}/")
        if opts["workers"] > 1:
            connections.close_all()  # no connection may be shared by forked workers
            _serve_gunicorn(application, opts)
        else:
            from waitress import serve

            serve(
                application,
                host=opts["host"],
                port=opts["port"],
                threads=opts["threads"],
                ident="msoc",
            )


def _serve_gunicorn(application: Any, opts: dict[str, Any]) -> None:
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):  # type: ignore[misc]  # gunicorn ships no type hints
        def load_config(self) -> None:
            self.cfg.set("bind", f"{opts['host']}:{opts['port']}")
            self.cfg.set("workers", opts["workers"])
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", opts["threads"])
            self.cfg.set("accesslog", None)

        def load(self) -> Any:
            return application

    Server().run()

"""The `msoc` console command: thin dispatch onto Django management commands.

`msoc report import PATH` is `call_command("report", "import", PATH)`. Commands that use the
database apply pending migrations first, so a new database works on first use.
"""

from __future__ import annotations

import os
import sys

# Commands that never touch the database, so they skip the automatic migration.
NO_DATABASE = {
    "enrich",
    "eval",
    "help",
    "--help",
    "-h",
    "version",
    "--version",
    "check",
    "makemigrations",
}


def main(argv: list[str] | None = None) -> None:
    """Run `msoc <command> [args]`."""
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msoc.settings")
    import django

    django.setup()
    from django.core.management import execute_from_command_line

    if not argv:
        argv = ["help"]
    if argv[0] not in NO_DATABASE and not (argv[0] == "db" and argv[1:2] == ["upgrade"]):
        ensure_database()
    execute_from_command_line(["msoc", *argv])


def ensure_database() -> None:
    """Apply pending migrations (quietly) so every command works on a new database."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        os.makedirs(os.path.dirname(os.path.abspath(str(db["NAME"]))), exist_ok=True)
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)


if __name__ == "__main__":
    main()

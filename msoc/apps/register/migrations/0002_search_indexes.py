"""Indexes for the household search at millions of people (PostgreSQL only).

Measured with 400,000 households / 1,012,104 people (benchmarks/register_db.py): a search by
name or house code scanned every member (p95 6.4 s and 8.0 s). Trigram GIN indexes serve
`icontains` on names (Django writes UPPER(col) LIKE UPPER('%w%')); an index on UPPER(code)
serves `iexact`. SQLite has neither operator class, so nothing is done there.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS register_member_given_trgm ON register_member "
    "USING gin (UPPER(given_name) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS register_member_family_trgm ON register_member "
    "USING gin (UPPER(family_name) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS register_household_code_upper ON register_household (UPPER(code))",
    "CREATE INDEX IF NOT EXISTS register_household_house_no ON register_household (house_no)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS register_member_given_trgm",
    "DROP INDEX IF EXISTS register_member_family_trgm",
    "DROP INDEX IF EXISTS register_household_code_upper",
    "DROP INDEX IF EXISTS register_household_house_no",
]


def _run(statements: list[str]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("register", "0001_initial")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]

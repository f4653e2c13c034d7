from django.db import migrations, models

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE web_searchentry_fts USING fts5(terms, content='web_searchentry', content_rowid='id')",
    "CREATE TRIGGER web_searchentry_ai AFTER INSERT ON web_searchentry BEGIN "
    "INSERT INTO web_searchentry_fts(rowid, terms) VALUES (new.id, new.terms); END",
    "CREATE TRIGGER web_searchentry_ad AFTER DELETE ON web_searchentry BEGIN "
    "INSERT INTO web_searchentry_fts(web_searchentry_fts, rowid, terms) VALUES ('delete', old.id, old.terms); END",
    "CREATE TRIGGER web_searchentry_au AFTER UPDATE ON web_searchentry BEGIN "
    "INSERT INTO web_searchentry_fts(web_searchentry_fts, rowid, terms) VALUES ('delete', old.id, old.terms); "
    "INSERT INTO web_searchentry_fts(rowid, terms) VALUES (new.id, new.terms); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS web_searchentry_au",
    "DROP TRIGGER IF EXISTS web_searchentry_ad",
    "DROP TRIGGER IF EXISTS web_searchentry_ai",
    "DROP TABLE IF EXISTS web_searchentry_fts",
]
POSTGRES_CREATE = [
    "CREATE INDEX web_searchentry_terms_gin ON web_searchentry USING GIN (to_tsvector('simple', terms))"
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS web_searchentry_terms_gin"]


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in (
        SQLITE_CREATE if vendor == "sqlite" else POSTGRES_CREATE if vendor == "postgresql" else []
    ):
        schema_editor.execute(sql)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in (
        SQLITE_DROP if vendor == "sqlite" else POSTGRES_DROP if vendor == "postgresql" else []
    ):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=8)),
                ("ref_id", models.BigIntegerField()),
                ("report_id", models.BigIntegerField(blank=True, db_index=True, null=True)),
                ("day", models.DateField(db_index=True)),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                ("section", models.CharField(blank=True, db_index=True, max_length=20)),
                ("source", models.CharField(blank=True, db_index=True, max_length=120)),
                ("place", models.CharField(blank=True, db_index=True, max_length=120)),
                ("topics", models.CharField(blank=True, max_length=500)),
                ("title", models.TextField(blank=True)),
                ("text", models.TextField(blank=True)),
                ("terms", models.TextField(blank=True)),
            ],
            options={
                "indexes": [models.Index(fields=["-day", "-id"], name="search_entry_recent")],
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "ref_id"), name="search_entry_once")
                ],
            },
        ),
        migrations.RunPython(create_index, drop_index),
    ]

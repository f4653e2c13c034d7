"""The search index model, moved from the web app: state only, the table web_searchentry stays."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = [("web", "0002_search_filter_indexes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
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
                        "db_table": "web_searchentry",
                        "indexes": [
                            models.Index(fields=["-day", "-id"], name="search_entry_recent"),
                            models.Index(
                                fields=["kind", "-day", "-id"], name="search_entry_kind_recent"
                            ),
                            models.Index(
                                fields=["section", "-day", "-id"], name="search_entry_section_recent"
                            ),
                            models.Index(
                                fields=["source", "-day", "-id"], name="search_entry_source_recent"
                            ),
                            models.Index(
                                fields=["place", "-day", "-id"], name="search_entry_place_recent"
                            ),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("kind", "ref_id"), name="search_entry_once"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]

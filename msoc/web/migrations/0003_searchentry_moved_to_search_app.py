"""SearchEntry now belongs to msoc.apps.search: state only, the table web_searchentry stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("web", "0002_search_filter_indexes"), ("search", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SearchEntry")],
            database_operations=[],
        ),
    ]

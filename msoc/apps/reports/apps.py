from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "msoc.apps.reports"
    label = "reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The search index pulls what it lacks from its owners; it does not import them.
        from msoc.apps.reports.indexing import index_new_reports
        from msoc.apps.search.engine import add_source

        add_source("reports", index_new_reports)

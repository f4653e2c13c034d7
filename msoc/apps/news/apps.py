from django.apps import AppConfig


class NewsConfig(AppConfig):
    verbose_name = "ข่าว"
    name = "msoc.apps.news"
    label = "news"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The search index pulls what it lacks from its owners; it does not import them.
        from msoc.apps.news.indexing import index_new_items
        from msoc.apps.search.engine import add_source

        add_source("news", index_new_items)

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "msoc.apps.search"
    label = "search"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "ดัชนีค้นหา"

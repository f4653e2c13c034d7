from django.apps import AppConfig


class NewsConfig(AppConfig):
    verbose_name = "ข่าว"
    name = "msoc.apps.news"
    label = "news"
    default_auto_field = "django.db.models.BigAutoField"

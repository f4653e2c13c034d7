from django.apps import AppConfig


class SituationConfig(AppConfig):
    name = "msoc.apps.situation"
    label = "situation"
    default_auto_field = "django.db.models.BigAutoField"

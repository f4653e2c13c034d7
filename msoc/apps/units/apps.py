from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "msoc.apps.units"
    label = "units"
    default_auto_field = "django.db.models.BigAutoField"

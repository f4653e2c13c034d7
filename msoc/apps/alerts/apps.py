from django.apps import AppConfig


class AlertsConfig(AppConfig):
    verbose_name = "การแจ้งเตือนและการส่งรายงาน"
    name = "msoc.apps.alerts"
    label = "alerts"
    default_auto_field = "django.db.models.BigAutoField"

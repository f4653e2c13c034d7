from django.apps import AppConfig


class HazardsConfig(AppConfig):
    name = "msoc.apps.hazards"
    label = "hazards"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "พื้นที่ภัยและครัวเรือนที่ต้องเยี่ยม"

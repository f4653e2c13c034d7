from django.apps import AppConfig


class RegisterConfig(AppConfig):
    """The target-group register: households, poverty indices, screening and assistance."""

    name = "msoc.apps.register"
    label = "register"
    verbose_name = "ทะเบียนกลุ่มเป้าหมาย"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class RegisterConfig(AppConfig):
    """The target-group register: households, poverty indices, screening and assistance."""

    name = "msoc.apps.register"
    label = "register"
    verbose_name = "ทะเบียนกลุ่มเป้าหมาย"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Hand the engine settings to the framework-free engines (they read no environment)."""
        from django.conf import settings

        from msoc.register.engines import configure_duckdb, configure_spark

        configure_spark(
            settings.MSOC_SPARK_MASTER,
            settings.MSOC_SPARK_DRIVER_MEMORY,
            settings.MSOC_SPARK_SHARED_DIR,
        )
        configure_duckdb(settings.MSOC_DUCKDB_MEMORY_LIMIT)

from django.apps import AppConfig


class SituationConfig(AppConfig):
    name = "msoc.apps.situation"
    label = "situation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Situation sits above units: it tells units when a situation duty counts as sent.
        from msoc.apps.situation.duties import first_readings
        from msoc.apps.units.models import Duty
        from msoc.apps.units.submissions import add_sent_source

        add_sent_source(Duty.Part.SITUATION, first_readings)

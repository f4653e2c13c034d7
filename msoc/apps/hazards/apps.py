from django.apps import AppConfig


class HazardsConfig(AppConfig):
    name = "msoc.apps.hazards"
    label = "hazards"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "พื้นที่ภัยและครัวเรือนที่ต้องเยี่ยม"

    def ready(self) -> None:
        # Hazards sit above alerts: they supply the evaluator of their alert kind.
        from msoc.apps.alerts.models import AlertRule
        from msoc.apps.alerts.rules import add_evaluator
        from msoc.apps.hazards.rules import hazard_vulnerable

        add_evaluator(AlertRule.Kind.HAZARD_VULNERABLE, hazard_vulnerable)

        # ...and above reports: they supply the hazard lines of ๑.๔.
        from msoc.apps.hazards.services import any_active_on, report_lines
        from msoc.apps.reports.build import HazardSupplier, add_hazard_supplier

        add_hazard_supplier(HazardSupplier(lines=report_lines, any_on=any_active_on))

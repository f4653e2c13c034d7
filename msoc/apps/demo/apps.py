from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data sets (`msoc demo-data`, `msoc demo-news`): above every app, imported by none."""

    name = "msoc.apps.demo"
    label = "demo"
    verbose_name = "ข้อมูลสาธิต"

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "msoc.web"
    label = "web"

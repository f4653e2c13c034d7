from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "msoc.apps.review"
    label = "review"
    verbose_name = "การคัดกรองข่าว"

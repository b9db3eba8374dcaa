from django.apps import AppConfig


class CompareConfig(AppConfig):
    name = "compare"
    verbose_name = "Press comparison"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class CourrielsConfig(AppConfig):
    name = "courriels"
    verbose_name = "courriels"

    def ready(self):
        from . import roles  # noqa: F401 - grants the role permissions

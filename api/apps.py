from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API en lecture"

    def ready(self):
        from . import roles  # noqa: F401

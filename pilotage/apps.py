from django.apps import AppConfig


class PilotageConfig(AppConfig):
    name = "pilotage"
    verbose_name = "pilotage académique"

    def ready(self):
        from . import roles  # noqa: F401
        from .freshness import connect

        connect()

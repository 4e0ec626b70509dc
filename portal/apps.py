from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "portail"

    def ready(self):
        from . import checks  # noqa: F401 - registers the deploy checks
        from .public_cache import connect_signals
        from .schedule import sync_beat_schedule_after_migrate

        connect_signals()
        post_migrate.connect(sync_beat_schedule_after_migrate, sender=self)

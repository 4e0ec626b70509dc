from django.apps import AppConfig


class PacteConfig(AppConfig):
    name = "pacte"
    verbose_name = "Pacte enseignant"

    def ready(self):
        from etablissements import dashboard_cache

        from . import roles  # noqa: F401  (declares the permissions of each role)
        from .models import Engagement, EngagementPart, SchoolYear

        # The academy's dashboard sums the year's parts (etablissements.dashboard_cache).
        dashboard_cache.connect(Engagement, EngagementPart, SchoolYear, uid="pacte")

from django.apps import AppConfig


class PartenariatsConfig(AppConfig):
    name = "partenariats"
    verbose_name = "partenariats"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from entreprises.directory import directory_changed
        from etablissements import dashboard_cache

        from . import roles  # noqa: F401  (declares the permissions of each role)
        from .models import Interaction, Partnership

        # The public directory's cached counts depend on who partners with which school.
        for signal in (post_save, post_delete):
            signal.connect(directory_changed, sender=Partnership, dispatch_uid="annuaire-part")
        # The academy's dashboard figures (etablissements.dashboard_cache) count them.
        dashboard_cache.connect(Partnership, Interaction, uid="partenariats")

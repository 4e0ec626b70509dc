from django.apps import AppConfig


class PartenariatsConfig(AppConfig):
    name = "partenariats"
    verbose_name = "partenariats"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from entreprises.directory import directory_changed
        from entreprises.school_links import register_school_link
        from etablissements import dashboard_cache

        from . import roles  # noqa: F401  (declares the permissions of each role)
        from .models import Interaction, Partnership

        def school_links(current=False):
            return Partnership.objects.open() if current else Partnership.objects.all()

        # A company is in a school's scope through its partnership (entreprises/school_links.py).
        register_school_link(school_links)

        # The public directory's cached counts depend on who partners with which school.
        for signal in (post_save, post_delete):
            signal.connect(directory_changed, sender=Partnership, dispatch_uid="annuaire-part")
        # The academy's dashboard figures (etablissements.dashboard_cache) count them.
        dashboard_cache.connect(Partnership, Interaction, uid="partenariats")

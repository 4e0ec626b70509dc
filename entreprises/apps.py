from django.apps import AppConfig


class EntreprisesConfig(AppConfig):
    name = "entreprises"
    verbose_name = "entreprises"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from etablissements import dashboard_cache
        from etablissements.models import Diploma, School

        from . import roles  # noqa: F401
        from .directory import directory_changed
        from .models import Company, Contact

        # The directory's cached counts (entreprises/directory.py) follow every change.
        for model in (Company, School, Diploma):
            for signal in (post_save, post_delete):
                signal.connect(directory_changed, sender=model, dispatch_uid=f"annuaire-{model}")
        # The academy's dashboard counts the probable duplicates (etablissements.dashboard_cache).
        dashboard_cache.connect(Company, Contact, uid="entreprises")

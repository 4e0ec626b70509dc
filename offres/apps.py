from django.apps import AppConfig


class OffresConfig(AppConfig):
    name = "offres"
    verbose_name = "offres et demandes des entreprises"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from entreprises.directory import directory_changed
        from etablissements import dashboard_cache

        from . import roles  # noqa: F401  (declares the permissions of each role)
        from .models import SchoolDiploma, Submission, SubmissionSchool

        # The public directory's "diplôme" filter counts depend on what each school prepares.
        for signal in (post_save, post_delete):
            signal.connect(directory_changed, sender=SchoolDiploma, dispatch_uid="annuaire-diplome")
        # The academy's dashboard counts the proposals waiting (etablissements.dashboard_cache).
        dashboard_cache.connect(Submission, SubmissionSchool, uid="offres")

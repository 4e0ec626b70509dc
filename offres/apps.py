from django.apps import AppConfig


class OffresConfig(AppConfig):
    name = "offres"
    verbose_name = "offres et demandes des entreprises"

    def ready(self):
        from . import roles  # noqa: F401  (declares the permissions of each role)

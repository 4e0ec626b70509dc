from django.apps import AppConfig


class OffresConfig(AppConfig):
    name = "offres"
    verbose_name = "offres et demandes des entreprises"

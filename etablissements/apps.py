from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EtablissementsConfig(AppConfig):
    name = "etablissements"
    verbose_name = "établissements"

    def ready(self):
        from .roles import sync_role_groups_after_migrate

        # Groups need the permissions, which Django creates in its own post_migrate.
        post_migrate.connect(sync_role_groups_after_migrate)

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EtablissementsConfig(AppConfig):
    name = "etablissements"
    verbose_name = "établissements"

    def ready(self):
        from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

        from .labels import french_header_title
        from .roles import sync_role_groups_after_migrate

        # Every staff screen's title with its subtitle, « Titre : sous-titre » (Wagtail writes
        # the English "Title: subtitle").
        WagtailAdminTemplateMixin.get_header_title = french_header_title

        # Groups need the permissions, which Django creates in its own post_migrate.
        post_migrate.connect(sync_role_groups_after_migrate)

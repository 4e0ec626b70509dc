from django.apps import AppConfig


class EntreprisesConfig(AppConfig):
    name = "entreprises"
    verbose_name = "entreprises"

    def ready(self):
        from . import roles  # noqa: F401

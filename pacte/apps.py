from django.apps import AppConfig


class PacteConfig(AppConfig):
    name = "pacte"
    verbose_name = "Pacte enseignant"

    def ready(self):
        from . import roles  # noqa: F401  (declares the permissions of each role)

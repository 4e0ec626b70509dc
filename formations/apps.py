from django.apps import AppConfig


class FormationsConfig(AppConfig):
    name = "formations"
    verbose_name = "formations des tuteurs, mentorat et événements"

    def ready(self):
        from . import roles  # noqa: F401  (declares the permissions of each role)

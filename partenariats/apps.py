from django.apps import AppConfig


class PartenariatsConfig(AppConfig):
    name = "partenariats"
    verbose_name = "partenariats"

    def ready(self):
        from . import roles  # noqa: F401  (declares the permissions of each role)

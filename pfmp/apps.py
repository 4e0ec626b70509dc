from django.apps import AppConfig


class PfmpConfig(AppConfig):
    name = "pfmp"
    verbose_name = "PFMP"

    def ready(self):
        from . import roles  # noqa: F401  (declares the permissions of each role)

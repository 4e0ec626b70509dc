from django.apps import AppConfig


class RappelsConfig(AppConfig):
    name = "rappels"
    verbose_name = "rappels"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from . import roles  # noqa: F401 - grants the role permissions

        # Every app declares its rules in `<app>/reminders.py`.
        autodiscover_modules("reminders")

from django.apps import AppConfig


class FormationsConfig(AppConfig):
    name = "formations"
    verbose_name = "formations des tuteurs, mentorat et événements"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import roles  # noqa: F401  (declares the permissions of each role)
        from .calendar_cache import sessions_changed
        from .models import TutorTraining

        for signal in (post_save, post_delete):
            signal.connect(sessions_changed, sender=TutorTraining, dispatch_uid="calendrier")

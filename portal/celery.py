"""The Celery app and the beat schedule, declared here and synced to django-celery-beat."""

import importlib
import os

from celery import Celery
from celery.signals import beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# name -> {task, schedule}. Each app may declare its own entries in `<app>/beat.py` (a plain
# dict named BEAT_SCHEDULE, no model import). `portal.schedule.sync_beat_schedule` writes them
# to the database on every migrate; beat (one process only) reads them from there.
BEAT_SCHEDULE = {
    # Every minute: /healthz tells how long ago a worker last ran.
    "battement de cœur": {"task": "portal.tasks.heartbeat", "schedule": 60},
}
BEAT_MODULES = [
    "courriels.beat",
    "rappels.beat",
    "entreprises.beat",
    "partenariats.beat",
    "offres.beat",
    "formations.beat",
    "pacte.beat",
    "pfmp.beat",
    "pilotage.beat",
]
for _module in BEAT_MODULES:
    try:
        BEAT_SCHEDULE.update(importlib.import_module(_module).BEAT_SCHEDULE)
    except ModuleNotFoundError as exc:
        if exc.name != _module:
            raise


@beat_init.connect
def _heartbeat_at_beat_start(sender=None, **kwargs):
    """Beat sends one heartbeat as it starts, so /healthz shows a live worker within seconds."""
    app.send_task("portal.tasks.heartbeat")

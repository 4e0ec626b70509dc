from celery import shared_task
from django.utils import timezone

from .services import pupils_delete_expired


@shared_task(name="pfmp.tasks.pupils_delete_expired")
def pupils_delete_expired_task() -> int:
    """Nightly: delete the pupils whose last period's school year ended more than the
    retention period ago (stated on the « Données personnelles » page)."""
    return pupils_delete_expired(today=timezone.localdate())

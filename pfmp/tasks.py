from celery import shared_task
from django.utils import timezone

from .services import appraisals_request, pupils_delete_expired


@shared_task(name="pfmp.tasks.pupils_delete_expired")
def pupils_delete_expired_task() -> int:
    """Nightly: delete the pupils whose last period's school year ended more than the
    retention period ago (stated on the « Données personnelles » page)."""
    return pupils_delete_expired(today=timezone.localdate())


@shared_task(name="pfmp.tasks.appraisals_request")
def appraisals_request_task() -> int:
    """Daily: one mail per tutor and ended period asking for the appraisal of each pupil
    hosted (once: each placement's appraisal row is written with its mail)."""
    today, written = timezone.localdate(), 0
    while mails := appraisals_request(today=today):
        written += mails
    return written

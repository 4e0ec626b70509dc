from celery import shared_task

from .prospects import prospects_refresh_due


@shared_task(name="offres.tasks.prospects_refresh_due")
def prospects_refresh_due_task() -> dict:
    """Hourly: refresh the prospects of the schools whose list is the oldest (idempotent)."""
    return prospects_refresh_due()

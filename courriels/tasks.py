"""Celery entry point of the outbox: thin, idempotent, acknowledged after the work."""

from celery import shared_task

from .sending import emails_send_due

SAFE = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(name="courriels.tasks.send", **SAFE)
def send() -> dict:
    """Claim the due mails batch after batch and send them; a second run finds nothing left."""
    return dict(emails_send_due())

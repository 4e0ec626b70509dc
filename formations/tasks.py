"""Periodic work of the formations app (scheduled in formations/beat.py)."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def certificates_send_due() -> int:
    """Attendance certificates owed for past sessions (idempotent: each is marked once sent)."""
    return services.certificates_send_due()

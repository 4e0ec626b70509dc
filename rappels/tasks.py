"""Celery entry points of the reminder engine: thin, idempotent, acknowledged after the work."""

from celery import shared_task

from .services import reminders_plan, reminders_scan, reminders_send_batch

SAFE = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(name="rappels.tasks.plan", **SAFE)
def plan() -> int:
    """Insert the rows owed by the hourly rules (the unique constraint drops what exists)."""
    return reminders_plan(cadence="horaire")


@shared_task(name="rappels.tasks.plan_weekly", **SAFE)
def plan_weekly() -> int:
    """Plan the weekly rules (the RBDE's digest) on Monday morning."""
    return reminders_plan(cadence="hebdomadaire")


@shared_task(name="rappels.tasks.scan", **SAFE)
def scan() -> int:
    """Claim the due rows in batches and queue one send task per batch."""
    return reminders_scan().batches


@shared_task(name="rappels.tasks.send_batch", **SAFE)
def send_batch(token: str) -> dict:
    """Send the rows claimed with `token`; a second delivery finds nothing left to send."""
    return dict(reminders_send_batch(token=token))

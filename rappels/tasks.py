"""Celery entry points of the reminder engine: thin, idempotent, acknowledged after the work."""

from celery import shared_task
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .services import (
    reminders_claim_objects,
    reminders_plan,
    reminders_plan_objects,
    reminders_scan,
    reminders_send_batch,
)

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


@shared_task(name="rappels.tasks.send_now", **SAFE)
def send_now(code: str, content_type_id: int, object_ids: list[int]) -> dict:
    """Send at once the rows of one rule planned for these objects (the scan is the safety net:
    a row it already took, or a second delivery of this task, finds nothing left to claim)."""
    token = reminders_claim_objects(
        code=code, content_type_id=content_type_id, object_ids=object_ids
    )
    return dict(reminders_send_batch(token=token)) if token else {}


def reminders_send_soon(*, code: str, queryset) -> int:
    """Plan one rule for these objects in the caller's transaction, and queue `send_now` once it
    commits: the person hears of it at once. A broker that does not answer costs the writer
    nothing: the rows are due, the next scan sends them."""
    planned = reminders_plan_objects(code=code, queryset=queryset)
    content_type_id = ContentType.objects.get_for_model(queryset.model).pk
    object_ids = list(queryset.values_list("pk", flat=True))
    transaction.on_commit(lambda: send_now.delay(code, content_type_id, object_ids), robust=True)
    return planned

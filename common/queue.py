"""What the portal's two queues share: the outbox's mails (courriels) and the reminders
(rappels) are rows with a due time, claimed by one worker at a time, retried on failure.

Each queue keeps its own statuses and its own claim query (a mail is claimed alone, a
reminder with every other item of its person); the columns and the tunables are written here
once. And the one way to queue a Celery task that many requests may ask for at once
(`task_queue_debounced`): once, after the transaction commits.
"""

import logging
import os

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction

logger = logging.getLogger(__name__)


class ClaimedRow(models.Model):
    """A row a worker claims (a token and the time), sends, and marks; a claim older than the
    queue's timeout was left by a dead worker and is taken back."""

    due_at = models.DateTimeField("à envoyer à partir du")
    claim_token = models.CharField("jeton de prise en charge", max_length=32, blank=True)
    claimed_at = models.DateTimeField("pris en charge le", null=True, blank=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("tentatives", default=0)
    last_error = models.TextField("dernière erreur", blank=True)

    class Meta:
        abstract = True


def tunable(name: str, default: int) -> int:
    """A queue's tunable: the setting `name`, else the environment variable (so that a worker
    started by the tests or the bench gets short delays), else `default`."""
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name) or default
    return int(value)


DEBOUNCE_KEY = "tache-en-attente:{}"
# A queued run counts as waiting until its start, plus this margin for a busy worker. The run
# also releases it as it starts; with a per-process cache (no Redis: the demo) the margin alone
# does, so it stays short.
PENDING_MARGIN = 10


def task_queue_debounced(task, *, key: str, delay: int) -> None:
    """Queue `task` (no arguments) to run in `delay` seconds once the current transaction
    commits, unless one queued under `key` has not started yet: the writes of those seconds
    share one run. The task calls `task_debounce_release(key)` as it starts, so that a write
    made during its run queues the next one. A broker that does not answer costs the writer
    nothing: the periodic run catches up."""

    def queue():
        if not cache.add(DEBOUNCE_KEY.format(key), 1, delay + PENDING_MARGIN):
            return
        try:
            task.apply_async(countdown=delay)
        except Exception:  # the broker's errors vary with the transport (kombu, redis, OS)
            cache.delete(DEBOUNCE_KEY.format(key))
            logger.warning("Tâche %s non mise en file", key, exc_info=True)

    transaction.on_commit(queue)


def task_debounce_pending(key: str) -> bool:
    """A run queued under `key` has not started yet."""
    return cache.get(DEBOUNCE_KEY.format(key)) is not None


def task_debounce_release(key: str) -> None:
    cache.delete(DEBOUNCE_KEY.format(key))

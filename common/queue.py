"""What the portal's two queues share: the outbox's mails (courriels) and the reminders
(rappels) are rows with a due time, claimed by one worker at a time, retried on failure.

Each queue keeps its own statuses and its own claim query (a mail is claimed alone, a
reminder with every other item of its person); the columns and the tunables are written here
once.
"""

import os

from django.conf import settings
from django.db import models


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

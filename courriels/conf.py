"""Tunables of the outbox: settings COURRIELS_…, else the environment variable, else
the default (common.queue.tunable)."""

import datetime

from django.conf import settings

from common.queue import tunable


def batch_size() -> int:
    """Mails claimed in one statement and sent on one SMTP connection."""
    return tunable("COURRIELS_BATCH_SIZE", 500)


def max_attempts() -> int:
    return tunable("COURRIELS_MAX_ATTEMPTS", 6)


def retry_base() -> datetime.timedelta:
    """First retry delay; doubled at each attempt (1, 2, 4, 8, 16 minutes by default)."""
    return datetime.timedelta(seconds=tunable("COURRIELS_RETRY_BASE_SECONDS", 60))


def claim_timeout() -> datetime.timedelta:
    """A claim older than this was left by a dead worker: the next send task takes it back."""
    return datetime.timedelta(seconds=tunable("COURRIELS_CLAIM_TIMEOUT_SECONDS", 600))


def send_on_commit() -> bool:
    """Queue a send task when a transaction that wrote mails commits (off in the unit tests)."""
    return bool(getattr(settings, "COURRIELS_SEND_ON_COMMIT", True))

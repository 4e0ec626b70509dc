"""Tunables of the outbox: settings COURRIELS_…, else the environment variable, else default.

The environment lets a worker started by the tests or the bench use short delays.
"""

import datetime
import os

from django.conf import settings


def _setting(name: str, default: int) -> int:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name) or default
    return int(value)


def batch_size() -> int:
    """Mails claimed in one statement and sent on one SMTP connection."""
    return _setting("COURRIELS_BATCH_SIZE", 500)


def max_attempts() -> int:
    return _setting("COURRIELS_MAX_ATTEMPTS", 6)


def retry_base() -> datetime.timedelta:
    """First retry delay; doubled at each attempt (1, 2, 4, 8, 16 minutes by default)."""
    return datetime.timedelta(seconds=_setting("COURRIELS_RETRY_BASE_SECONDS", 60))


def claim_timeout() -> datetime.timedelta:
    """A claim older than this was left by a dead worker: the next send task takes it back."""
    return datetime.timedelta(seconds=_setting("COURRIELS_CLAIM_TIMEOUT_SECONDS", 600))


def send_on_commit() -> bool:
    """Queue a send task when a transaction that wrote mails commits (off in the unit tests)."""
    return bool(getattr(settings, "COURRIELS_SEND_ON_COMMIT", True))

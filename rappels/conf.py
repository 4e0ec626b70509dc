"""Tunables of the reminder engine; each may be set in settings (RAPPELS_…)."""

import datetime

from django.conf import settings


def batch_size() -> int:
    """Rows per send task (a person's items never split across two tasks)."""
    return getattr(settings, "RAPPELS_BATCH_SIZE", 200)


def max_attempts() -> int:
    return getattr(settings, "RAPPELS_MAX_ATTEMPTS", 6)


def retry_base() -> datetime.timedelta:
    """First retry delay; doubled at each attempt (1, 2, 4, 8, 16 minutes by default)."""
    return datetime.timedelta(seconds=getattr(settings, "RAPPELS_RETRY_BASE_SECONDS", 60))


def claim_timeout() -> datetime.timedelta:
    """A claim older than this was left by a dead worker: the scan takes it back."""
    return datetime.timedelta(seconds=getattr(settings, "RAPPELS_CLAIM_TIMEOUT_SECONDS", 600))

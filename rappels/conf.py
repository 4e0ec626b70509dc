"""Tunables of the reminder engine: settings RAPPELS_…, else the environment variable, else default.

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
    """Rows per send task (a person's items never split across two tasks)."""
    return _setting("RAPPELS_BATCH_SIZE", 500)


def claim_timeout() -> datetime.timedelta:
    """A claim older than this was left by a dead worker: the scan takes it back."""
    return datetime.timedelta(seconds=_setting("RAPPELS_CLAIM_TIMEOUT_SECONDS", 600))


def scan_limit() -> int:
    """Rows claimed and not yet sent at most (the next scan, a minute later, takes the rest)."""
    return _setting("RAPPELS_SCAN_LIMIT", 20_000)

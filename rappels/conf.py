"""Tunables of the reminder engine: settings RAPPELS_…, else the environment variable, else
the default (common.queue.tunable)."""

import datetime

from common.queue import tunable


def batch_size() -> int:
    """Rows per send task (a person's items never split across two tasks)."""
    return tunable("RAPPELS_BATCH_SIZE", 500)


def claim_timeout() -> datetime.timedelta:
    """A claim older than this was left by a dead worker: the scan takes it back."""
    return datetime.timedelta(seconds=tunable("RAPPELS_CLAIM_TIMEOUT_SECONDS", 600))


def scan_limit() -> int:
    """Rows claimed and not yet sent at most (the next scan, a minute later, takes the rest)."""
    return tunable("RAPPELS_SCAN_LIMIT", 20_000)

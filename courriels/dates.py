"""Dates the apps share."""

import datetime

from django.utils import timezone


def day_start(now: datetime.datetime | None = None) -> datetime.datetime:
    """Midnight of `now`'s day, in the portal's time zone."""
    return timezone.localtime(now or timezone.now()).replace(
        hour=0, minute=0, second=0, microsecond=0
    )

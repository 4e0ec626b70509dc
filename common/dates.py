"""Dates the apps share: the one "start of the day" of the portal."""

import datetime

from django.utils import timezone


def day_start(day: datetime.date | datetime.datetime | None = None) -> datetime.datetime:
    """Midnight at the start of `day` (a date, or a moment's day; today if None), in the portal's
    time zone, as an aware datetime: the lower bound of "on or after that day"."""
    if day is None:
        day = timezone.now()
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

"""Dates the apps share: the one "start of the day" of the portal."""

import datetime
import functools
import re

import holidays
from django.utils import dateformat, timezone


def day_start(day: datetime.date | datetime.datetime | None = None) -> datetime.datetime:
    """Midnight at the start of `day` (a date, or a moment's day; today if None), in the portal's
    time zone, as an aware datetime: the lower bound of "on or after that day"."""
    if day is None:
        day = timezone.now()
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def french_day_format(day, fmt: str | None) -> str | None:
    """`fmt` with its day of the month ("j") written "1er" on the first, as French has it."""
    if fmt and getattr(day, "day", None) == 1:
        return re.sub(r"(?<!\\)j", r"1\\e\\r", fmt)
    return fmt


def french_date(day, fmt: str = "j F Y") -> str:
    """A date in words: "1er septembre 2026", "15 octobre 2026"."""
    return dateformat.format(day, french_day_format(day, fmt))


@functools.cache
def public_holidays(year: int) -> frozenset[datetime.date]:
    """France's public holidays of `year` (métropole: the `holidays` package's national list,
    lundi de Pentecôte included; neither Alsace-Moselle's two extra days nor the overseas
    départements' abolition of slavery)."""
    return frozenset(holidays.France(years=year))


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday, and not a public holiday."""
    return day.weekday() < 5 and day not in public_holidays(day.year)


def working_days_before(day: datetime.date, count: int) -> datetime.date:
    """The day `count` working days (Monday to Friday, public holidays excluded) before
    `day`."""
    while count > 0:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def french_time(moment: datetime.datetime | datetime.time) -> str:
    """The hour as French typography writes it: « 9 h 05 », « 14 h » (no-break spaces: never cut
    between the figure and « h »)."""
    if moment.minute == 0:
        return f"{moment.hour}\u00a0h"
    return f"{moment.hour}\u00a0h\u00a0{moment.minute:02d}"


_CLOCK = re.compile(r"\b(\d{2})h(\d{2})\b")


def french_hours(text: str) -> str:
    """Each « 09h05 » of a formatted text (Django's `H\\hi`) as `french_time` writes it."""
    return _CLOCK.sub(
        lambda match: french_time(datetime.time(int(match.group(1)), int(match.group(2)))),
        text or "",
    )

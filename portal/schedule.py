"""Write the beat schedule declared in `portal/celery.py` to django-celery-beat's tables."""

from celery.schedules import crontab
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from .celery import BEAT_SCHEDULE


@transaction.atomic
def sync_beat_schedule(schedule: dict | None = None) -> list[str]:
    """Create or update one PeriodicTask per entry; disable the ones no longer declared.

    An entry's schedule is a `crontab` or a number of seconds (or a timedelta).
    """

    schedule = BEAT_SCHEDULE if schedule is None else schedule
    for name, entry in schedule.items():
        when = entry["schedule"]
        if isinstance(when, crontab):
            crontab_row, _ = CrontabSchedule.objects.get_or_create(
                minute=when._orig_minute,
                hour=when._orig_hour,
                day_of_week=when._orig_day_of_week,
                day_of_month=when._orig_day_of_month,
                month_of_year=when._orig_month_of_year,
                timezone="Europe/Paris",
            )
            timing = {"crontab": crontab_row, "interval": None}
        else:
            seconds = int(when.total_seconds() if hasattr(when, "total_seconds") else when)
            interval_row, _ = IntervalSchedule.objects.get_or_create(
                every=seconds, period=IntervalSchedule.SECONDS
            )
            timing = {"crontab": None, "interval": interval_row}
        PeriodicTask.objects.update_or_create(
            name=name, defaults={"task": entry["task"], "enabled": True, **timing}
        )
    PeriodicTask.objects.exclude(name__in=list(schedule)).exclude(
        name__startswith="celery."
    ).update(enabled=False)
    return sorted(schedule)


def sync_beat_schedule_after_migrate(sender, using="default", **kwargs):
    if using == "default":
        sync_beat_schedule()

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "anonymisation des contacts inactifs": {
        "task": "entreprises.tasks.contacts_anonymise_inactive",
        # Sunday night, when nobody works in the admin.
        "schedule": crontab(minute=30, hour=3, day_of_week=0),
    },
}

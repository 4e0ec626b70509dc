from celery.schedules import crontab

BEAT_SCHEDULE = {
    "formations : attestations de présence": {
        "task": "formations.tasks.certificates_send_due",
        # Every morning: sessions that ended the day before (or whose mail failed since).
        "schedule": crontab(minute=15, hour=7),
    },
}

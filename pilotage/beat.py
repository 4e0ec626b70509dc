from celery.schedules import crontab

BEAT_SCHEDULE = {
    "indicateurs de l’académie": {
        "task": "pilotage.tasks.indicators_refresh",
        # Every hour at :20: the dashboard is at most an hour behind the sources.
        "schedule": crontab(minute=20),
    },
}

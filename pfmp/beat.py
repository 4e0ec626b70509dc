from celery.schedules import crontab

BEAT_SCHEDULE = {
    "effacement des élèves après la durée de conservation": {
        "task": "pfmp.tasks.pupils_delete_expired",
        "schedule": crontab(minute=45, hour=3),
    },
    "appréciation des tuteurs à la fin des périodes de PFMP": {
        "task": "pfmp.tasks.appraisals_request",
        "schedule": crontab(minute=30, hour=8),
    },
}

from celery.schedules import crontab

# One beat process only (docker-compose: the `beat` service, never scaled).
BEAT_SCHEDULE = {
    "rappels : planification": {"task": "rappels.tasks.plan", "schedule": crontab(minute="7")},
    "rappels : synthèse hebdomadaire": {
        "task": "rappels.tasks.plan_weekly",
        "schedule": crontab(minute="30", hour="6", day_of_week="1"),
    },
    "rappels : envoi": {"task": "rappels.tasks.scan", "schedule": crontab(minute="*")},
}

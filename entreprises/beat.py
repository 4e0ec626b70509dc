from celery.schedules import crontab

BEAT_SCHEDULE = {
    "anonymisation des contacts inactifs": {
        "task": "entreprises.tasks.contacts_anonymise_inactive",
        # Sunday night, when nobody works in the admin.
        "schedule": crontab(minute=30, hour=3, day_of_week=0),
    },
    "vérification des entreprises partenaires dans l’annuaire des entreprises": {
        "task": "entreprises.tasks.companies_refresh_registry",
        # Every night; each run checks at most 500 companies older than the cache's age.
        "schedule": crontab(minute=15, hour=2),
    },
    "géocodage des adresses des entreprises": {
        "task": "entreprises.tasks.companies_geocode",
        "schedule": 600,
    },
}

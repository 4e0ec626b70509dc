BEAT_SCHEDULE = {
    "entreprises à démarcher autour des lycées (registre des entreprises)": {
        "task": "offres.tasks.prospects_refresh_due",
        # Every hour: a few schools whose list is older than PROSPECTS_REFRESH_DAYS, at most
        # 4 calls each, within the API's 7 per second shared with the SIRET lookup.
        "schedule": 3600,
    },
}

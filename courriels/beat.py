# One beat process only. Mails are sent as their transaction commits; this pass every minute
# sends what is due again (retries) and takes back the claims of a dead worker.
BEAT_SCHEDULE = {
    "courriels : envoi": {"task": "courriels.tasks.send", "schedule": 60},
}

import json

import pytest

from portal import health


def test_healthz_reports_database_and_broker(client, db):
    response = client.get("/healthz")
    body = json.loads(response.content)

    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True


def test_healthz_says_which_service_failed(client, db, monkeypatch):
    monkeypatch.setattr(
        "portal.views.broker_state", lambda: {"ok": False, "error": "Connexion refusée"}
    )
    response = client.get("/healthz")
    body = json.loads(response.content)

    assert response.status_code == 503
    assert body["failed"] == ["broker"]
    assert body["broker"] == {"ok": False}  # the error itself only for an administrator
    assert body["database"]["ok"] is True


def test_broker_state_detects_an_unreachable_redis():
    state = health.broker_state("redis://127.0.0.1:1/0")

    assert state["ok"] is False
    assert state["error"]


def test_database_state_detects_a_failing_database(monkeypatch):
    class Broken:
        def __enter__(self):
            raise RuntimeError("base injoignable")

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(health.connection, "cursor", lambda: Broken())
    assert health.database_state() == {"ok": False, "error": "base injoignable"}


@pytest.mark.django_db
def test_beat_schedule_is_synced_to_the_database_on_migrate():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name="battement de cœur")
    assert task.task == "portal.tasks.heartbeat"
    assert task.enabled
    assert (task.interval.every, task.interval.period) == (60, "seconds")


@pytest.mark.django_db
def test_a_schedule_entry_no_longer_declared_is_disabled():
    from celery.schedules import crontab
    from django_celery_beat.models import PeriodicTask

    from portal.schedule import sync_beat_schedule

    sync_beat_schedule({"ancienne tâche": {"task": "x", "schedule": crontab(minute=0)}})
    sync_beat_schedule()

    assert not PeriodicTask.objects.get(name="ancienne tâche").enabled
    assert PeriodicTask.objects.get(name="battement de cœur").enabled


@pytest.mark.django_db
def test_healthz_shows_the_last_worker_heartbeat(client):
    from tests.etablissements.factories import UserFactory
    from tests.portal.factories import HeartbeatFactory

    beat = HeartbeatFactory()
    client.force_login(UserFactory(is_superuser=True))
    body = json.loads(client.get("/healthz").content)
    assert body["worker_last_heartbeat"] == beat.ran_at.isoformat()

"""The Celery wiring end to end: a real worker process runs a task that writes to the database."""

import json

import pytest

from portal.models import Heartbeat
from portal.tasks import heartbeat
from tests.celery_worker import celery_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_runs_the_heartbeat_and_healthz_reads_it(client, tmp_path):
    from tests.etablissements.factories import UserFactory

    assert json.loads(client.get("/healthz").content)["worker"] == {"ok": False}
    client.force_login(UserFactory(is_superuser=True))  # the time only for the academy
    assert json.loads(client.get("/healthz").content)["worker_last_heartbeat"] is None

    with celery_worker(tmp_path):
        heartbeat.delay()
        wait_for(
            lambda: Heartbeat.objects.filter(name="worker").exists(),
            timeout=60,
            log_path=tmp_path / "worker.log",
        )

    body = json.loads(client.get("/healthz").content)
    assert body["worker_last_heartbeat"] == Heartbeat.objects.get().ran_at.isoformat()


@pytest.mark.redis
def test_under_ci_the_broker_is_redis():
    from django.conf import settings

    from tests.services import IN_CI

    if IN_CI:
        assert settings.CELERY_BROKER_URL.startswith("redis://")
        assert not settings.CELERY_TASK_ALWAYS_EAGER
    else:
        pytest.skip("vérification propre à CI=true")


@pytest.mark.postgres
def test_under_ci_the_database_is_postgresql():
    from django.db import connection

    assert connection.vendor == "postgresql"

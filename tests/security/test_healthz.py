"""Finding 11: /healthz tells an anonymous caller ok or error, nothing of the infrastructure."""

import json

import pytest

from tests.etablissements.factories import SchoolFactory, UserFactory, staff_user

pytestmark = pytest.mark.django_db


def _boom():
    return {"ok": False, "error": "connection to server at 10.0.0.5, port 5432 failed"}


def test_anonymous_callers_get_ok_or_error_only(client, monkeypatch):
    body = json.loads(client.get("/healthz").content)
    assert body == {
        "status": "ok",
        "database": {"ok": True},
        "broker": {"ok": True},
        "worker": {"ok": False},  # whether a worker ever reported: no time, no host
    }
    monkeypatch.setattr("portal.views.broker_state", _boom)
    response = client.get("/healthz")
    assert response.status_code == 503
    text = response.content.decode()
    assert "10.0.0.5" not in text and "5432" not in text
    assert json.loads(text)["failed"] == ["broker"]


def test_school_staff_learn_no_more_than_anonymous(client):
    client.force_login(staff_user(SchoolFactory()))
    body = json.loads(client.get("/healthz").content)
    assert "engine" not in body["database"] and "transport" not in body["broker"]


def test_an_academy_administrator_sees_the_details(client, monkeypatch):
    client.force_login(UserFactory(is_superuser=True))
    monkeypatch.setattr("portal.views.broker_state", _boom)
    body = json.loads(client.get("/healthz").content)
    assert "engine" in body["database"]
    assert "10.0.0.5" in body["broker"]["error"]

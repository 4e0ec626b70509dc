"""Finding 3: staff login resists brute force (django-axes), password resets are throttled."""

import pytest
from django.urls import reverse

from tests.etablissements.factories import SchoolFactory, staff_user

pytestmark = pytest.mark.django_db

PASSWORD = "un-mot-de-passe-solide-2026"


@pytest.fixture
def rbde():
    user = staff_user(SchoolFactory(), username="rbde-lockout", email="rbde@lycee.example")
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(client, username, password, ip="203.0.113.7"):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def test_thirty_wrong_passwords_then_the_right_one_is_still_refused(client, rbde):
    refused = 0
    for _ in range(30):
        response = _login(client, "rbde-lockout", "mauvais")
        refused += response.status_code != 302
    assert refused == 30
    response = _login(client, "rbde-lockout", PASSWORD)
    page = response.content.decode()
    assert response.status_code == 429
    assert "Connexion bloquée" in page
    assert "Trop de mots de passe erronés" in page
    assert "_auth_user_id" not in client.session
    # From another address the person still signs in: whoever knows a login name cannot keep
    # its owner locked out.
    assert _login(client, "rbde-lockout", PASSWORD, ip="198.51.100.9").status_code == 302


def test_two_colleagues_behind_one_address_one_locked_the_other_signs_in(client, rbde):
    teacher = staff_user(SchoolFactory(), username="enseignant-lockout")
    teacher.set_password(PASSWORD)
    teacher.save()
    school_network = "203.0.113.7"
    for _ in range(10):
        _login(client, "rbde-lockout", "mauvais", ip=school_network)
    # The RBDE who mistyped ten times is locked out from the school's address…
    assert _login(client, "rbde-lockout", PASSWORD, ip=school_network).status_code == 429
    # … the colleague on the same network signs in …
    response = _login(client, "enseignant-lockout", PASSWORD, ip=school_network)
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(teacher.pk)
    client.logout()
    # … and ten names tried from one address lock nobody else (the old "or" of axes did).
    for n in range(10):
        _login(client, f"inconnu{n}", "mauvais", ip=school_network)
    assert _login(client, "enseignant-lockout", PASSWORD, ip=school_network).status_code == 302


def test_one_address_trying_many_names_is_throttled_at_a_higher_limit(client, rbde, settings):
    teacher = staff_user(SchoolFactory(), username="enseignant-lockout")
    teacher.set_password(PASSWORD)
    teacher.save()
    assert settings.LOGIN_FAILURES_PER_IP_RATE == "50/h"
    for n in range(50):
        assert _login(client, f"inconnu{n}", "mauvais").status_code == 200
    # Up to the limit, a colleague behind that address still signs in.
    assert _login(client, "enseignant-lockout", PASSWORD).status_code == 302
    client.logout()
    _login(client, "inconnu-50", "mauvais")
    response = _login(client, "rbde-lockout", PASSWORD)
    assert response.status_code == 429
    assert "Connexion bloquée" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address still signs in.
    assert _login(client, "rbde-lockout", PASSWORD, ip="198.51.100.9").status_code == 302


def test_a_few_mistakes_then_the_right_password_signs_in(client, rbde):
    for _ in range(3):
        _login(client, "rbde-lockout", "mauvais")
    assert _login(client, "rbde-lockout", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(rbde.pk)


def test_the_lockout_keys_on_the_client_behind_the_proxy(client, rbde, settings):
    """Behind docker-compose's proxy, every request comes from the proxy's address: the limit
    keys on the client that the proxy wrote in X-Forwarded-For, not on the proxy."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_FAILURES_PER_IP_RATE = "10/h"
    for n in range(11):
        client.post(
            reverse("wagtailadmin_login"),
            {"username": f"inconnu{n}", "password": "x"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7",
        )
    other_client = client.post(
        reverse("wagtailadmin_login"),
        {"username": "rbde-lockout", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    assert other_client.status_code == 302
    attacker = client.post(
        reverse("wagtailadmin_login"),
        {"username": "rbde-lockout", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        # A forged leftmost entry changes nothing: the proxy's entry is the last one.
        HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7",
    )
    assert attacker.status_code == 429


def test_ten_password_reset_requests_send_at_most_three_mails(client, rbde, mailoutbox):
    for _ in range(10):
        response = client.post(
            reverse("wagtailadmin_password_reset"),
            {"email": "rbde@lycee.example"},
            REMOTE_ADDR="203.0.113.7",
        )
        assert response.status_code == 302
    assert len(mailoutbox) == 3
    assert all(m.to == ["rbde@lycee.example"] for m in mailoutbox)

"""Finding 10 (headers): a strict CSP on public pages, the admin's few relaxations, and a
Permissions-Policy everywhere."""

import pytest

from tests.etablissements.factories import SchoolFactory, staff_user

pytestmark = pytest.mark.django_db


def _directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.strip() for d in header.split(";") if d.strip()}


def test_public_pages_have_a_strict_policy(client):
    response = client.get("/formations/tuteurs/")
    csp = _directives(response)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert csp["script-src"].startswith("script-src 'self'")
    assert csp["object-src"] == "object-src 'none'"
    assert csp["frame-ancestors"] == "frame-ancestors 'self'"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_the_admin_policy_allows_only_wagtails_inline_code(client):
    client.force_login(staff_user(SchoolFactory()))
    response = client.get("/admin/")
    csp = _directives(response)
    assert csp["script-src"] == "script-src 'self' 'unsafe-inline'"
    assert csp["object-src"] == "object-src 'none'"
    assert csp["form-action"] == "form-action 'self'"
    assert "microphone=()" in response["Permissions-Policy"]

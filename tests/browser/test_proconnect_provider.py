"""ProConnect against a real OpenID Connect provider: npm's oidc-provider, configured like
ProConnect (tests/browser/oidc/provider.mjs), started by the test on 127.0.0.1.

Sign in, sign out, and the next sign-in asks for the credentials again: the portal's sign-out
reached the provider's session/end (the CSP's form-action did not stop it on the way).
"""

import datetime
import os
import socket
import subprocess
import time

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from etablissements.models import Invitation, ProConnectIdentity
from etablissements.roles import Role
from tests.etablissements.factories import SchoolFactory
from tests.services import OIDC_PROVIDER_DIR

pytestmark = [
    pytest.mark.browser,
    pytest.mark.oidc_provider,
    pytest.mark.django_db(transaction=True),
]

EMAIL = "camille.agent@ac-toulouse.fr"
PASSWORD = "mot-de-passe-du-fi"
CLIENT_ID = "portail-bde"
CLIENT_SECRET = "secret-du-portail-pour-le-test"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def oidc_provider(live_server):
    port = _free_port()
    env = {
        **os.environ,
        "OIDC_PORT": str(port),
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_REDIRECT_URI": f"{live_server.url}/proconnect/retour/",
        "OIDC_POST_LOGOUT_REDIRECT_URI": f"{live_server.url}/proconnect/deconnexion/retour/",
        "OIDC_EMAIL": EMAIL,
        "OIDC_PASSWORD": PASSWORD,
    }
    process = subprocess.Popen(
        ["node", "provider.mjs"],
        cwd=OIDC_PROVIDER_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        line = ""
        while not line.startswith("ready") and time.monotonic() < deadline:
            line = process.stdout.readline()
            assert line or process.poll() is None, "le fournisseur OpenID Connect s’est arrêté"
        assert line.startswith("ready"), "le fournisseur OpenID Connect n’a pas démarré"
        yield line.split()[1]
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def proconnect(settings, oidc_provider):
    settings.PROCONNECT_ENABLED = True
    settings.PROCONNECT_DOMAIN = oidc_provider
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "etablissements.proconnect.ProConnectBackend",
    ]
    cache.clear()
    yield oidc_provider
    cache.clear()


def _sign_in_with_proconnect(page, live_server):
    page.goto(live_server.url + "/admin/login/")
    page.get_by_role("link", name="S’identifier avec ProConnect").click()


def test_sign_in_sign_out_and_the_next_sign_in_asks_again(live_server, page, proconnect):
    Invitation.objects.create(
        email=EMAIL,
        school=SchoolFactory(name="LP Roland-Garros"),
        role=Role.RBDE,
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )
    csp_violations = []
    page.on(
        "console",
        lambda msg: (
            csp_violations.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )

    # First sign-in: the identity provider asks for the credentials.
    _sign_in_with_proconnect(page, live_server)
    expect(page.get_by_role("heading", name="Connexion au fournisseur d’identité")).to_be_visible()
    page.get_by_label("Mot de passe").fill("pas-le-bon")
    page.get_by_label("Adresse électronique").fill(EMAIL)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text("Identifiants refusés.")).to_be_visible()
    page.go_back()
    page.get_by_label("Adresse électronique").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(live_server.url + "/admin/")
    assert "Camille" in page.content()
    assert ProConnectIdentity.objects.get().user.email == EMAIL

    # Sign out from Wagtail's account menu (a form POST to the portal).
    page.locator(".sidebar-footer__account").click()
    page.get_by_text("Se déconnecter").click()
    # Through the portal's page and the provider's session/end, back to the login page.
    page.wait_for_url(f"{live_server.url}/admin/login/**")
    # … through the portal's return, which checked the state it had sent.
    expect(page.get_by_text("Vous êtes déconnecté(e) du portail et de ProConnect.")).to_be_visible()
    assert csp_violations == []

    # Next sign-in: no session left at the provider, the credentials are asked again.
    _sign_in_with_proconnect(page, live_server)
    expect(page.get_by_role("heading", name="Connexion au fournisseur d’identité")).to_be_visible()
    assert page.url.startswith(proconnect + "/interaction/")
    page.get_by_label("Adresse électronique").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(live_server.url + "/admin/")

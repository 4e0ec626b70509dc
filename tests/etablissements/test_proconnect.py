"""ProConnect sign-in against a fake provider: keys made here, endpoints answered by `responses`.

No test reaches the network: `responses` refuses any address it was not given.
"""

import datetime
import json
import time
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
import responses
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from etablissements.models import Invitation, Membership
from etablissements.roles import Role
from tests.etablissements.factories import SchoolFactory, UserFactory, staff_user

pytestmark = pytest.mark.django_db

PROVIDER = "https://proconnect.test/api/v2"
CLIENT_ID = "portail-bde-test"
LOGIN = reverse("proconnect:login")
CALLBACK = reverse("proconnect:callback")
CONFIG = {
    "issuer": PROVIDER,
    "authorization_endpoint": f"{PROVIDER}/authorize",
    "token_endpoint": f"{PROVIDER}/token",
    "userinfo_endpoint": f"{PROVIDER}/userinfo",
    "jwks_uri": f"{PROVIDER}/jwks",
    "end_session_endpoint": f"{PROVIDER}/session/end",
    "id_token_signing_alg_values_supported": ["RS256"],
    "userinfo_signing_alg_values_supported": ["RS256"],
}


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


PROVIDER_KEY = new_key()
OTHER_KEY = new_key()


def jwks(key) -> dict:
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    return {"keys": [{**public, "kid": "cle-1", "alg": "RS256", "use": "sig"}]}


def signed(claims: dict, key=PROVIDER_KEY) -> str:
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "cle-1"})


@pytest.fixture(autouse=True)
def proconnect_on(settings):
    settings.PROCONNECT_ENABLED = True
    settings.PROCONNECT_DOMAIN = PROVIDER
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "secret-de-test"
    settings.AUTHENTICATION_BACKENDS = [
        "django.contrib.auth.backends.ModelBackend",
        "etablissements.proconnect.ProConnectBackend",
    ]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def provider():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(f"{PROVIDER}/.well-known/openid-configuration", json=CONFIG)
        mock.get(f"{PROVIDER}/jwks", json=jwks(PROVIDER_KEY))
        yield mock


def start(client) -> dict:
    """The portal's redirect to ProConnect, as query parameters."""
    response = client.get(LOGIN)
    assert response.status_code == 302
    url = urlparse(response["Location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{PROVIDER}/authorize"
    return {k: v[0] for k, v in parse_qs(url.query).items()}


def come_back(
    client,
    provider,
    params,
    *,
    email="camille.agent@ac-toulouse.fr",
    nonce=None,
    id_key=PROVIDER_KEY,
    userinfo_key=PROVIDER_KEY,
    state=None,
):
    now = int(time.time())
    id_token = signed(
        {
            "iss": PROVIDER,
            "aud": CLIENT_ID,
            "sub": "agent-123",
            "nonce": nonce or params["nonce"],
            "iat": now,
            "exp": now + 60,
            "acr": "eidas1",
        },
        id_key,
    )
    provider.post(
        f"{PROVIDER}/token",
        json={"access_token": "jeton-acces", "id_token": id_token, "token_type": "Bearer"},
    )
    provider.get(
        f"{PROVIDER}/userinfo",
        body=signed(
            {
                "sub": "agent-123",
                "email": email,
                "given_name": "Camille",
                "usual_name": "Agent",
                "uid": "123",
                "siret": "13002526500013",
            },
            userinfo_key,
        ),
        content_type="application/jwt",
    )
    return client.get(CALLBACK, {"code": "code-de-test", "state": state or params["state"]})


def invite(email="camille.agent@ac-toulouse.fr", *, days=14, role=Role.RBDE, school=None):
    school = school or SchoolFactory(name="LP Roland-Garros")
    return Invitation.objects.create(
        email=email,
        school=school,
        role=role,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )


def test_the_redirect_asks_for_eidas1_the_scopes_and_a_nonce(client, provider):
    params = start(client)
    assert params["acr_values"] == "eidas1"
    assert params["scope"] == "openid email given_name usual_name uid siret"
    assert params["client_id"] == CLIENT_ID
    assert params["redirect_uri"].endswith(CALLBACK)
    assert len(params["state"]) >= 32 and len(params["nonce"]) >= 32


def test_an_invited_agent_signs_in_and_gets_the_invited_role(client, provider):
    invitation = invite()
    response = come_back(client, provider, start(client))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    user = get_user_model().objects.get(email="camille.agent@ac-toulouse.fr")
    assert (user.first_name, user.last_name) == ("Camille", "Agent")
    assert not user.has_usable_password()
    assert list(Membership.objects.filter(user=user).values_list("school", "role")) == [
        (invitation.school_id, Role.RBDE)
    ]
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    # Signed in: the admin's home greets them.
    assert "Camille" in client.get("/admin/").content.decode()
    # The userinfo was fetched with the access token, the token with the code.
    token_call = next(c for c in provider.calls if c.request.url.endswith("/token"))
    assert "code=code-de-test" in token_call.request.body
    userinfo_call = next(c for c in provider.calls if c.request.url.endswith("/userinfo"))
    assert userinfo_call.request.headers["Authorization"] == "Bearer jeton-acces"


def test_the_email_is_matched_whatever_its_case(client, provider):
    invite("Camille.Agent@AC-Toulouse.fr")
    come_back(client, provider, start(client))
    assert Membership.objects.filter(user__email="camille.agent@ac-toulouse.fr").exists()


def test_an_agent_with_no_invitation_gets_a_french_page_and_no_account(client, provider):
    response = come_back(client, provider, start(client), email="inconnu@ac-toulouse.fr")
    page = response.content.decode()
    assert response.status_code == 403
    assert "aucune invitation n’attend cette adresse" in page
    assert "direction de votre établissement" in page
    assert not get_user_model().objects.filter(email="inconnu@ac-toulouse.fr").exists()
    assert "_auth_user_id" not in client.session


def test_an_expired_invitation_says_so_and_whom_to_ask(client, provider):
    invitation = invite(days=-1)
    invitation.invited_by = UserFactory(first_name="Paul", last_name="Proviseur")
    invitation.save()
    response = come_back(client, provider, start(client))
    page = response.content.decode()
    assert response.status_code == 403
    assert "votre invitation à rejoindre LP Roland-Garros a expiré" in page
    assert "Paul Proviseur" in page
    assert not get_user_model().objects.filter(email="camille.agent@ac-toulouse.fr").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_a_returning_agent_signs_in_without_a_new_invitation(client, provider):
    invite()
    come_back(client, provider, start(client))
    client.logout()
    response = come_back(client, provider, start(client))
    assert response.status_code == 302
    assert get_user_model().objects.filter(email="camille.agent@ac-toulouse.fr").count() == 1


def test_a_token_signed_by_another_key_is_refused(client, provider):
    invite()
    response = come_back(client, provider, start(client), id_key=OTHER_KEY)
    assert response.status_code == 400
    assert "n’a pas abouti" in response.content.decode()
    assert not get_user_model().objects.filter(email="camille.agent@ac-toulouse.fr").exists()
    assert "_auth_user_id" not in client.session


def test_a_tampered_userinfo_is_refused(client, provider):
    invite()
    response = come_back(client, provider, start(client), userinfo_key=OTHER_KEY)
    assert response.status_code == 400
    assert not Membership.objects.exists()


def test_a_wrong_nonce_is_refused(client, provider):
    invite()
    response = come_back(client, provider, start(client), nonce="pas-le-bon-nonce")
    assert response.status_code == 400
    assert not Membership.objects.exists()


def test_a_wrong_state_is_refused(client, provider):
    invite()
    params = start(client)
    response = come_back(client, provider, params, state="etat-forge")
    assert response.status_code == 400
    assert "n’a pas abouti" in response.content.decode()
    assert not Membership.objects.exists()


def test_the_login_page_offers_proconnect_and_keeps_the_password(client, settings):
    page = client.get(reverse("wagtailadmin_login")).content.decode()
    assert "S’identifier avec ProConnect" in page and LOGIN in page
    assert 'name="password"' in page
    settings.PROCONNECT_ENABLED = False
    page = client.get(reverse("wagtailadmin_login")).content.decode()
    assert "ProConnect" not in page
    assert client.get(LOGIN).status_code == 404


def test_logout_ends_the_proconnect_session_too(client, provider):
    invite()
    come_back(client, provider, start(client))
    assert client.session.get("oidc_id_token")
    response = client.post(reverse("wagtailadmin_logout"))
    url = urlparse(response["Location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{PROVIDER}/session/end"
    query = parse_qs(url.query)
    assert query["id_token_hint"] and query["state"]
    assert query["post_logout_redirect_uri"][0].endswith(reverse("wagtailadmin_login"))
    assert "_auth_user_id" not in client.session


def test_a_password_logout_stays_wagtails(client):
    user = staff_user(SchoolFactory())
    client.force_login(user)
    response = client.post(reverse("wagtailadmin_logout"))
    assert response.status_code == 302 and "proconnect" not in response["Location"]
    assert "_auth_user_id" not in client.session


def test_an_unreachable_provider_gets_a_french_page(client):
    with responses.RequestsMock() as mock:
        mock.get(f"{PROVIDER}/.well-known/openid-configuration", status=503)
        response = client.get(LOGIN)
    assert response.status_code == 503
    assert "ProConnect ne répond pas" in response.content.decode()

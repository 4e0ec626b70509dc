"""ProConnect sign-in against a fake provider: keys made here, endpoints answered by `responses`.

No test reaches the network: `responses` refuses any address it was not given.
"""

import datetime
import io
import json
import re
import time
from html import unescape
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
import responses
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from etablissements.models import Invitation, Membership, ProConnectIdentity
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
    sub="agent-123",
    id_claims=None,
    userinfo_claims=None,
):
    now = int(time.time())
    claims = {
        "iss": PROVIDER,
        "aud": CLIENT_ID,
        "sub": sub,
        "nonce": nonce or params["nonce"],
        "iat": now,
        "exp": now + 60,
        "acr": "eidas1",
        **(id_claims or {}),
    }
    id_token = signed({k: v for k, v in claims.items() if v is not None}, id_key)
    provider.post(
        f"{PROVIDER}/token",
        json={"access_token": "jeton-acces", "id_token": id_token, "token_type": "Bearer"},
    )
    provider.get(
        f"{PROVIDER}/userinfo",
        body=signed(
            {
                "sub": sub,
                "email": email,
                "given_name": "Camille",
                "usual_name": "Agent",
                "uid": "123",
                "siret": "13002526500013",
                **(userinfo_claims or {}),
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
    # The form's navigation stays on the portal (CSP form-action 'self' allows it)…
    assert response.status_code == 302 and response["Location"] == reverse("proconnect:logout")
    assert "_auth_user_id" not in client.session and "oidc_id_token" not in client.session
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "form-action 'self'" in page["Content-Security-Policy"]
    assert "Vous êtes déconnecté(e) du portail" in html
    # … and its page leaves for session/end as a new navigation (meta refresh, and a link).
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', html)
    url = urlparse(unescape(refresh.group(1)))
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{PROVIDER}/session/end"
    query = parse_qs(url.query)
    assert query["id_token_hint"] and len(query["state"][0]) >= 32
    assert query["post_logout_redirect_uri"][0].endswith(reverse("proconnect:logged_out"))
    assert f'href="{refresh.group(1)}"' in html
    # Once only: the address is not kept.
    assert client.get(reverse("proconnect:logout"))["Location"] == reverse("wagtailadmin_login")


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


def test_an_id_token_without_the_acr_asked_is_refused(client, provider):
    invite()
    response = come_back(client, provider, start(client), id_claims={"acr": None})
    assert response.status_code == 400
    assert "n’a pas abouti" in response.content.decode()
    assert not Membership.objects.exists() and "_auth_user_id" not in client.session
    response = come_back(client, provider, start(client), id_claims={"acr": "niveau-inconnu"})
    assert response.status_code == 400
    # A higher eIDAS level than the one asked is fine.
    response = come_back(client, provider, start(client), id_claims={"acr": "eidas2"})
    assert response.status_code == 302 and Membership.objects.count() == 1


def test_an_id_token_for_another_service_or_from_another_issuer_is_refused(client, provider):
    invite()
    assert (
        come_back(client, provider, start(client), id_claims={"aud": "autre-fs"}).status_code == 400
    )
    response = come_back(client, provider, start(client), id_claims={"iss": "https://faux.test"})
    assert response.status_code == 400
    assert not Membership.objects.exists()


def test_a_userinfo_about_someone_else_is_refused(client, provider):
    invite()
    response = come_back(client, provider, start(client), userinfo_claims={"sub": "agent-999"})
    assert response.status_code == 400
    assert not Membership.objects.exists()


def test_an_unverified_email_is_refused(client, provider):
    invite()
    response = come_back(client, provider, start(client), userinfo_claims={"email_verified": False})
    assert response.status_code == 403
    assert "n’a pas été vérifiée" in response.content.decode()
    assert not get_user_model().objects.filter(email="camille.agent@ac-toulouse.fr").exists()
    assert "_auth_user_id" not in client.session


def test_the_first_sign_in_binds_the_account_to_its_sub(client, provider):
    invite()
    come_back(client, provider, start(client), userinfo_claims={"idp_id": "fia1"})
    identity = ProConnectIdentity.objects.get()
    assert (identity.user.email, identity.sub, identity.idp_id) == (
        "camille.agent@ac-toulouse.fr",
        "agent-123",
        "fia1",
    )


def test_a_second_identity_asserting_the_same_email_does_not_enter(client, provider):
    invite()
    come_back(client, provider, start(client))
    client.logout()
    response = come_back(client, provider, start(client), sub="usurpateur-456")
    page = response.content.decode()
    assert response.status_code == 403
    assert "relié à une autre identité ProConnect" in page
    assert "_auth_user_id" not in client.session
    # Even with a new invitation for that address: the account stays bound to its own sub.
    invite(school=SchoolFactory(name="LP Bourdelle"))
    response = come_back(client, provider, start(client), sub="usurpateur-456")
    assert response.status_code == 403 and "_auth_user_id" not in client.session
    assert list(ProConnectIdentity.objects.values_list("sub", flat=True)) == ["agent-123"]


def test_an_existing_account_with_a_role_is_not_entered_without_an_invitation(client, provider):
    school = SchoolFactory()
    rbde = staff_user(school)
    rbde.email = "camille.agent@ac-toulouse.fr"
    rbde.save()
    response = come_back(client, provider, start(client))
    assert response.status_code == 403
    assert "n’a jamais été relié à ProConnect" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not ProConnectIdentity.objects.exists()
    # Invited, the same person's account is bound and entered.
    invite(school=school, role=Role.TEACHER)
    response = come_back(client, provider, start(client))
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == rbde.pk
    assert ProConnectIdentity.objects.get().user == rbde


def test_a_kelvin_sign_does_not_match_a_plain_k(client, provider):
    invite("karim.agent@ac-toulouse.fr")
    response = come_back(client, provider, start(client), email="\u212aarim.agent@ac-toulouse.fr")
    assert response.status_code == 403
    assert "aucune invitation n’attend cette adresse" in response.content.decode()
    assert not Membership.objects.exists()
    assert not get_user_model().objects.exclude(email="").filter(email__icontains="arim").exists()


def test_an_unbound_account_can_be_bound_again_through_an_invitation(client, provider):
    invite()
    come_back(client, provider, start(client))
    client.logout()
    out = io.StringIO()
    call_command("proconnect_unbind", "Camille.Agent@ac-toulouse.fr", stdout=out)
    assert "oubliée" in out.getvalue() and not ProConnectIdentity.objects.exists()
    # Bound no more, the account (which has a role) needs an invitation to be entered again.
    assert come_back(client, provider, start(client), sub="nouveau-fi-789").status_code == 403
    invite(school=SchoolFactory(name="LP Bourdelle"))
    assert come_back(client, provider, start(client), sub="nouveau-fi-789").status_code == 302
    assert ProConnectIdentity.objects.get().sub == "nouveau-fi-789"


def _logged_out_via_provider(client, provider) -> tuple[str, str]:
    """Sign in, sign out: the post-logout address and the state sent to session/end."""
    invite()
    come_back(client, provider, start(client))
    client.post(reverse("wagtailadmin_logout"))
    html = client.get(reverse("proconnect:logout")).content.decode()
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', html)
    query = parse_qs(urlparse(unescape(refresh.group(1))).query)
    return urlparse(query["post_logout_redirect_uri"][0]).path, query["state"][0]


def test_the_return_from_session_end_is_checked_against_its_state(client, provider):
    back, state = _logged_out_via_provider(client, provider)
    assert back == reverse("proconnect:logged_out")
    # A forged state: nothing done, said in French; the real return still works afterwards.
    response = client.get(back, {"state": "etat-forge"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_login")
    html = response.content.decode()
    assert "ne correspond à aucune déconnexion demandée depuis ce navigateur" in html
    assert "Vous êtes déconnecté(e) du portail et de ProConnect" not in html
    assert "ne correspond à aucune" in client.get(back, follow=True).content.decode()  # none
    response = client.get(back, {"state": state}, follow=True)
    assert "Vous êtes déconnecté(e) du portail et de ProConnect." in response.content.decode()
    # Once only: the same return replayed is unknown.
    again = client.get(back, {"state": state}, follow=True).content.decode()
    assert "ne correspond à aucune déconnexion" in again


def test_a_forged_logout_return_does_not_sign_anyone_out(client, provider):
    user = staff_user(SchoolFactory())
    client.force_login(user)
    client.get(reverse("proconnect:logged_out"), {"state": "x" * 32})
    assert client.session["_auth_user_id"] == str(user.pk)

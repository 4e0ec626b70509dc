"""ProConnect sign-in: mozilla-django-oidc with the provider's discovery, and invitations.

The endpoints come from `PROCONNECT_DOMAIN/.well-known/openid-configuration`, read when a
sign-in starts (never at start-up: the portal runs without the provider), and kept an hour.
ID token and userinfo are RS256 JWTs checked against the provider's JWKS.
"""

import logging
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.crypto import get_random_string
from django.utils.timezone import localtime
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)
from wagtail.admin.views.account import LogoutView

from common.dates import french_date

from .services import SignInRefused, proconnect_sign_in

logger = logging.getLogger(__name__)

DISCOVERY_KEY = "proconnect:openid-configuration"


class ProviderUnavailable(Exception):
    pass


def provider_config() -> dict:
    """The provider's OpenID configuration (discovery), cached for an hour."""
    config = cache.get(DISCOVERY_KEY)
    if config:
        return config
    try:
        response = requests.get(
            f"{settings.PROCONNECT_DOMAIN}/.well-known/openid-configuration",
            timeout=settings.OIDC_TIMEOUT,
        )
        response.raise_for_status()
        config = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(str(exc)) from exc
    cache.set(DISCOVERY_KEY, config, 3600)
    return config


class ProConnectBackend(OIDCAuthenticationBackend):
    """Authenticates through ProConnect; the account comes from an invitation (services)."""

    def __init__(self, *args, **kwargs):
        # No settings of endpoints: they are discovered when a sign-in needs them.
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.UserModel = get_user_model()

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self):  # noqa: N802 (mozilla-django-oidc's name)
        return provider_config()["token_endpoint"]

    @property
    def OIDC_OP_USER_ENDPOINT(self):  # noqa: N802
        return provider_config()["userinfo_endpoint"]

    @property
    def OIDC_OP_JWKS_ENDPOINT(self):  # noqa: N802
        return provider_config()["jwks_uri"]

    def authenticate(self, request, **kwargs):
        if not settings.PROCONNECT_ENABLED:
            return None
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims):
        return bool(claims.get("email"))

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation("ProConnect n’a pas donné de courriel.")
        try:
            return proconnect_sign_in(claims=claims)
        except SignInRefused as refusal:
            # Read by the callback view, which shows why and whom to ask.
            self.request.proconnect_refusal = refusal
            return None


class ProConnectLoginView(OIDCAuthenticationRequestView):
    """Redirects to ProConnect with state, nonce and acr_values=eidas1."""

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request):
        if not settings.PROCONNECT_ENABLED:
            raise Http404("ProConnect n’est pas activé sur ce portail.")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_config()["authorization_endpoint"]
        except ProviderUnavailable:
            return unavailable(request)
        return super().get(request)


class ProConnectCallbackView(OIDCAuthenticationCallbackView):
    """Back from ProConnect: signed in, or a French page saying why not (no account made)."""

    def get(self, request):
        if not settings.PROCONNECT_ENABLED:
            raise Http404("ProConnect n’est pas activé sur ce portail.")
        try:
            return super().get(request)
        except SuspiciousOperation as exc:
            # Unknown state, wrong nonce, tampered or wrongly signed token.
            logger.warning("Connexion ProConnect rejetée : %s", exc)
            return failure(request, status=400)
        except (ProviderUnavailable, requests.RequestException) as exc:
            logger.warning("ProConnect injoignable : %s", exc)
            return unavailable(request)

    def login_failure(self):
        self.request.session.pop("oidc_id_token", None)
        refusal = getattr(self.request, "proconnect_refusal", None)
        if refusal is None:
            return failure(self.request, status=400)
        context = {"refusal": refusal, "invitation": refusal.invitation}
        if refusal.invitation is not None:
            context["expired_on"] = french_date(localtime(refusal.invitation.expires_at))
        return render(self.request, "etablissements/proconnect_refused.html", context, status=403)


def failure(request, *, status):
    return render(request, "etablissements/proconnect_failed.html", status=status)


def unavailable(request):
    return render(request, "etablissements/proconnect_unavailable.html", status=503)


def logout_view(request):
    """Wagtail's logout, plus ProConnect's session/end when the session came from ProConnect."""
    id_token = request.session.get("oidc_id_token")
    if request.method != "POST" or not id_token or not settings.PROCONNECT_ENABLED:
        return LogoutView.as_view()(request)
    try:
        end_session = provider_config()["end_session_endpoint"]
    except (ProviderUnavailable, KeyError):
        return LogoutView.as_view()(request)
    auth.logout(request)
    params = {
        "id_token_hint": id_token,
        "state": get_random_string(32),
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("wagtailadmin_login")),
    }
    return HttpResponseRedirect(f"{end_session}?{urlencode(params)}")


app_name = "proconnect"
urlpatterns = [
    path("connexion/", ProConnectLoginView.as_view(), name="login"),
    path("retour/", ProConnectCallbackView.as_view(), name="callback"),
]

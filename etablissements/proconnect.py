"""ProConnect sign-in: mozilla-django-oidc with the provider's discovery, and invitations.

The endpoints come from `PROCONNECT_DOMAIN/.well-known/openid-configuration`, read when a
sign-in starts (never at start-up: the portal runs without the provider), and kept an hour.
ID token and userinfo are RS256 JWTs checked against the provider's JWKS.
"""

import logging
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.crypto import constant_time_compare, get_random_string
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


def accepted_acr_values() -> set[str]:
    """The levels asked (PROCONNECT_ACR_VALUES) and the eIDAS levels above them."""
    asked = set(settings.PROCONNECT_ACR_VALUES.split())
    for level in (1, 2):
        if f"eidas{level}" in asked:
            asked |= {f"eidas{higher}" for higher in range(level + 1, 4)}
    return asked


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

    def verify_token(self, token, **kwargs):
        """The library checks the signature, the expiry and the nonce; the ID token (the call
        that passes a nonce) must also come from this provider, for this portal, at the level
        asked (`acr_values`, eidas1): a token without `acr` or below it is refused."""
        payload = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:
            if payload.get("iss") != provider_config().get("issuer"):
                raise SuspiciousOperation("ID token d’un autre émetteur.")
            audience = payload.get("aud")
            audience = audience if isinstance(audience, list) else [audience]
            if self.OIDC_RP_CLIENT_ID not in audience:
                raise SuspiciousOperation("ID token destiné à un autre service.")
            if payload.get("acr") not in accepted_acr_values():
                raise SuspiciousOperation(
                    f"Niveau d’authentification refusé : {payload.get('acr')!r}."
                )
            if not payload.get("sub"):
                raise SuspiciousOperation("ID token sans sub.")
        return payload

    def verify_claims(self, claims):
        return bool(claims.get("email"))

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation("ProConnect n’a pas donné de courriel.")
        # OpenID Connect Core 5.3.2: the userinfo's sub must be the ID token's.
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("Le sub des userinfo n’est pas celui de l’ID token.")
        try:
            if claims.get("email_verified") is False or payload.get("email_verified") is False:
                raise SignInRefused("unverified")
            return proconnect_sign_in(claims=claims, sub=payload["sub"])
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


LOGOUT_SESSION_KEY = "proconnect_end_session_url"
LOGOUT_STATE_KEY = "proconnect_logout_state"


def logout_view(request):
    """Wagtail's logout, plus ProConnect's session/end when the session came from ProConnect.

    The sign-out form is posted to this view; a form's navigation, redirects included, stays
    under the page's CSP `form-action 'self'`, which would block the jump to the provider (and,
    from there, to the identity provider's own logout). So the portal signs the person out,
    then answers with one page of its own that leaves for `session/end` as a new navigation.
    """
    id_token = request.session.get("oidc_id_token")
    if request.method != "POST" or not id_token or not settings.PROCONNECT_ENABLED:
        return LogoutView.as_view()(request)
    try:
        end_session = provider_config()["end_session_endpoint"]
    except (ProviderUnavailable, KeyError):
        return LogoutView.as_view()(request)
    state = get_random_string(32)
    params = {
        "id_token_hint": id_token,
        "state": state,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("proconnect:logged_out")),
    }
    auth.logout(request)
    # A new, anonymous session carries the address to the next page and the state that the
    # provider's redirect must bring back, nothing else.
    request.session[LOGOUT_SESSION_KEY] = f"{end_session}?{urlencode(params)}"
    request.session[LOGOUT_STATE_KEY] = state
    return HttpResponseRedirect(reverse("proconnect:logout"))


def provider_logout(request):
    """The page that sends the browser on to ProConnect's session/end (once)."""
    url = request.session.pop(LOGOUT_SESSION_KEY, None)
    if not url:
        return HttpResponseRedirect(reverse("wagtailadmin_login"))
    response = render(request, "etablissements/proconnect_logout.html", {"end_session_url": url})
    response["Cache-Control"] = "no-store"
    return response


def provider_logged_out(request):
    """ProConnect's post-logout redirect: acted on only with the `state` this browser was given
    (a forged or replayed return, or one from another browser, does nothing but say so)."""
    expected = request.session.get(LOGOUT_STATE_KEY)
    given = request.GET.get("state", "")
    if expected and constant_time_compare(given, expected):
        del request.session[LOGOUT_STATE_KEY]  # once
        if request.user.is_authenticated:
            auth.logout(request)
        messages.success(request, "Vous êtes déconnecté(e) du portail et de ProConnect.")
    else:
        logger.warning("ProConnect: post-logout redirect with an unknown state")
        messages.warning(
            request,
            "Ce retour de ProConnect ne correspond à aucune déconnexion demandée depuis ce "
            "navigateur : rien n’a été fait. Pour fermer votre session, utilisez « Se "
            "déconnecter » dans le portail.",
        )
    return HttpResponseRedirect(reverse("wagtailadmin_login"))


app_name = "proconnect"
urlpatterns = [
    path("connexion/", ProConnectLoginView.as_view(), name="login"),
    path("retour/", ProConnectCallbackView.as_view(), name="callback"),
    path("deconnexion/", provider_logout, name="logout"),
    path("deconnexion/retour/", provider_logged_out, name="logged_out"),
]

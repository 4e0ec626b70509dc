"""Signed, expiring links to the espace entreprise: no password, a token in the mail."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "offres.espace-entreprise"
MAX_AGE_DAYS = 30


class LinkError(Exception):
    """The link was altered or is too old; the message says which, in French."""


def espace_token(contact_id: int) -> str:
    return signing.TimestampSigner(salt=SALT).sign(str(contact_id))


def espace_contact_id(token: str) -> int:
    """The contact a token was made for, if it is intact and younger than 30 days."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=MAX_AGE_DAYS * 24 * 3600)
    except signing.SignatureExpired as exc:
        raise LinkError(
            "Ce lien a expiré : il n’est valable que 30 jours. Demandez-en un nouveau ci-dessous."
        ) from exc
    except signing.BadSignature as exc:
        raise LinkError(
            "Ce lien n’est pas valide : il a peut-être été mal copié. Copiez-le en entier depuis "
            "le courriel, ou demandez-en un nouveau ci-dessous."
        ) from exc
    return int(value)


def espace_url(contact_id: int, absolute: bool = True) -> str:
    path = reverse("offres:espace", kwargs={"token": espace_token(contact_id)})
    return f"{settings.PORTAL_BASE_URL}{path}" if absolute else path


def expired_link_contact_id(token: str) -> int | None:
    """The contact of a link that is intact but too old (None if altered): the page of an
    expired link offers to send a fresh one to the address on file, never shown in full."""
    try:
        return int(signing.TimestampSigner(salt=SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None

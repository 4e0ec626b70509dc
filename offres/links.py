"""Signed, expiring links to the espace entreprise: no password, a token in the mail."""

from django.urls import reverse

from common.links import LinkError, LinkExpired, absolute_url, sign, unsign, unsign_or_none

SALT = "offres.espace-entreprise"
MAX_AGE_DAYS = 30

__all__ = ["LinkError", "espace_contact_id", "espace_token", "espace_url"]


def espace_token(contact_id: int) -> str:
    return sign(str(contact_id), salt=SALT)


def espace_contact_id(token: str) -> int:
    """The contact a token was made for, if it is intact and younger than 30 days."""
    try:
        value = unsign(token, salt=SALT, max_age=MAX_AGE_DAYS * 24 * 3600, plain=True)
    except LinkExpired as exc:
        raise LinkError(
            "Ce lien a expiré : il n’est valable que 30 jours. Demandez-en un nouveau ci-dessous."
        ) from exc
    except LinkError as exc:
        raise LinkError(
            "Ce lien n’est pas valide : il a peut-être été mal copié. Copiez-le en entier depuis "
            "le courriel, ou demandez-en un nouveau ci-dessous."
        ) from exc
    return int(value)


def espace_url(contact_id: int, absolute: bool = True) -> str:
    path = reverse("offres:espace", kwargs={"token": espace_token(contact_id)})
    return absolute_url(path) if absolute else path


def expired_link_contact_id(token: str) -> int | None:
    """The contact of a link that is intact but too old (None if altered): the page of an
    expired link offers to send a fresh one to the address on file, never shown in full."""
    value = unsign_or_none(token, salt=SALT, plain=True)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None

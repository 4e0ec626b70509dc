"""Links sent in mails: absolute addresses and signed tokens, for people with no account.

The one module that signs (django.core.signing): the espace entreprise (offres), the links of
tutors, mentors and invited partners (formations), unsubscribing (courriels). Each use has its own
salt, so that a token made for one cannot open another.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.urls import reverse


class LinkError(Exception):
    """A signed link was altered (or is too old: LinkExpired)."""


class LinkExpired(LinkError):
    """The link is intact but older than its `max_age`."""


def absolute_url(url: str) -> str:
    """`/path` as the portal's public address; anything else (already absolute, empty) as is."""
    if url and url.startswith("/"):
        return settings.PORTAL_BASE_URL + url
    return url


def portal_domain() -> str:
    """The host of the portal's public address (Message-IDs, calendar UIDs)."""
    return urlsplit(settings.PORTAL_BASE_URL).hostname or "localhost"


def sign(value, *, salt: str) -> str:
    """A URL-safe token holding `value` (anything JSON can hold) and when it was made."""
    return signing.dumps(value, salt=salt, compress=True)


def unsign(token: str, *, salt: str, max_age: float | None = None, plain: bool = False):
    """The value of a token made by `sign` with this salt, younger than `max_age` seconds.

    Raises LinkExpired when it is intact but too old, LinkError when altered. `plain` also reads
    the older tokens of `TimestampSigner.sign(str)` (espace entreprise links mailed before
    December 2026; valid 30 days, so the option can go in 2027).
    """
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise LinkExpired(str(exc)) from exc
    except (signing.BadSignature, ValueError) as exc:  # ValueError: signed, but not by `sign`
        if plain:
            try:
                return signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)
            except signing.SignatureExpired as plain_exc:
                raise LinkExpired(str(plain_exc)) from plain_exc
            except signing.BadSignature:
                pass
        raise LinkError(str(exc)) from exc


def unsign_or_none(token: str, *, salt: str, max_age: float | None = None, plain: bool = False):
    """The value of the token, or None when it was altered or is too old."""
    try:
        return unsign(token, salt=salt, max_age=max_age, plain=plain)
    except LinkError:
        return None


def url_maker(name: str):
    """`pk → URL` of the view `name` (one `<int:…>` argument), reversed once: a list of twenty
    cards then costs one `reverse` instead of twenty (each walks the URL resolver)."""
    sample = reverse(name, args=[987654321])
    head, tail = sample.split("987654321")
    return lambda pk: f"{head}{int(pk)}{tail}"

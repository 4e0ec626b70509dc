"""Signed links for people with no account: tutors, mentors, invited partners."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

CANCEL_SALT = "formations.inscription.annulation"
FEEDBACK_SALT = "formations.inscription.avis"
CHECKIN_SALT = "formations.mentorat.point"
RSVP_SALT = "formations.invitation.reponse"


def absolute(path: str) -> str:
    return f"{settings.PORTAL_BASE_URL}{path}"


def sign(value: str, salt: str) -> str:
    return signing.dumps(value, salt=salt, compress=True)


def unsign(token: str, salt: str, max_age=None) -> str | None:
    """The signed value, or None when the link was altered or is too old."""
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None


def cancel_url(registration) -> str:
    token = sign(str(registration.token), CANCEL_SALT)
    return absolute(reverse("formations:registration_cancel", args=[token]))


def feedback_url(registration) -> str:
    token = sign(str(registration.token), FEEDBACK_SALT)
    return absolute(reverse("formations:feedback", args=[token]))


def checkin_url(pair) -> str:
    token = sign(f"{pair.pk}:{pair.mentor_id}", CHECKIN_SALT)
    return absolute(reverse("formations:checkin", args=[token]))


def rsvp_url(invitation) -> str:
    token = sign(str(invitation.token), RSVP_SALT)
    return absolute(reverse("formations:rsvp", args=[token]))

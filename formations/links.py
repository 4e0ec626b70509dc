"""Signed links for people with no account: tutors, mentors, invited partners."""

import datetime

from django.urls import reverse
from django.utils import timezone

from common import links

CANCEL_SALT = "formations.inscription.annulation"
FEEDBACK_SALT = "formations.inscription.avis"
CHECKIN_SALT = "formations.mentorat.point"
RSVP_SALT = "formations.invitation.reponse"


absolute = links.absolute_url


def sign(value: str, salt: str) -> str:
    return links.sign(value, salt=salt)


def unsign(token: str, salt: str, max_age=None) -> str | None:
    """The signed value, or None when the link was altered or is too old."""
    return links.unsign_or_none(token, salt=salt, max_age=max_age)


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


# How long each link stays valid, from the date of what it is about (a three-year-old token
# must not still cancel, rate or answer).
FEEDBACK_DAYS_AFTER_END = 90
CHECKIN_DAYS_AFTER_END = 60


def _end_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def cancel_expires_at(registration) -> datetime.datetime:
    """One cancels a registration until the session starts."""
    return registration.training.starts_at


def feedback_expires_at(registration) -> datetime.datetime:
    return registration.training.ends_at + datetime.timedelta(days=FEEDBACK_DAYS_AFTER_END)


def checkin_expires_at(pair) -> datetime.datetime:
    end = pair.ended_on or pair.planned_end
    return _end_of_day(end + datetime.timedelta(days=CHECKIN_DAYS_AFTER_END))


RSVP_DAYS_AFTER_EVENT = 30


def rsvp_expires_at(invitation) -> datetime.datetime:
    """The invitation page stays readable a month after the event (the service refuses any
    answer once it has started); then the link is dead."""
    return invitation.event.starts_at + datetime.timedelta(days=RSVP_DAYS_AFTER_EVENT)


def is_expired(expires_at: datetime.datetime, now: datetime.datetime | None = None) -> bool:
    return (now or timezone.now()) >= expires_at

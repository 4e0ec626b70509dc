"""The `.ics` invitation joined to every registration mail (RFC 5545, iTIP METHOD)."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from common.links import portal_domain

from .choices import RegistrationStatus

PARIS = ZoneInfo("Europe/Paris")


def training_uid(training) -> str:
    """The one UID of a session, in every file the portal gives out (the registration mail's
    invitation and its cancellation, "Ajouter à mon agenda", a school's feed): a tutor who uses
    several sees the session once, and a calendar updates (or cancels) that same entry."""
    return f"formation-tuteurs-session-{training.pk}@{portal_domain()}"


def registration_ics(registration, *, method: str = "REQUEST", sequence: int = 0) -> bytes:
    training = registration.training
    calendar = Calendar()
    calendar.add("prodid", "-//Portail du bureau des entreprises//Formations des tuteurs//FR")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", training_uid(training))
    event.add("sequence", sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", training.starts_at.astimezone(PARIS))
    event.add("dtend", training.ends_at.astimezone(PARIS))
    event.add("summary", f"Formation des tuteurs : {training.title}")
    event.add("location", training.place or training.remote_url)
    if training.remote_url:
        event.add("url", training.remote_url)
    description = f"{training.school.name}. {training.description}".strip()
    event.add("description", description)
    if method == "CANCEL":
        event.add("status", "CANCELLED")
    elif registration.status == RegistrationStatus.WAITING:
        event.add("status", "TENTATIVE")
    else:
        event.add("status", "CONFIRMED")
    organizer = vCalAddress(f"mailto:{training.school.bde_email or settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText(f"Bureau des entreprises — {training.school.name}")
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{registration.contact.email}")
    attendee.params["cn"] = vText(str(registration.contact))
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    event.add("attendee", attendee)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _public_event(training, request_base: str) -> Event:
    """A session as anyone may see it: no attendee, no visio link (sent to those registered)."""
    event = Event()
    event.add("uid", training_uid(training))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", training.starts_at.astimezone(PARIS))
    event.add("dtend", training.ends_at.astimezone(PARIS))
    event.add("summary", f"Formation des tuteurs : {training.title}")
    event.add("location", training.place or "À distance (lien envoyé aux inscrits)")
    event.add("url", f"{request_base}/formations/tuteurs/session/{training.pk}/")
    event.add("description", f"{training.school.name}. {training.description}".strip())
    event.add("status", "CONFIRMED")
    return event


def _publish(events, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Portail du bureau des entreprises//Formations des tuteurs//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def training_ics(training) -> bytes:
    """One session, for "Ajouter à mon agenda"."""
    return _publish([_public_event(training, settings.PORTAL_BASE_URL)], training.title)


def school_feed_ics(school, trainings) -> bytes:
    """A school's sessions as a calendar subscription (a tutor adds the address once)."""
    events = [_public_event(t, settings.PORTAL_BASE_URL) for t in trainings]
    return _publish(events, f"Formations des tuteurs — {school.name}")

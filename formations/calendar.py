"""The `.ics` invitation joined to every registration mail (RFC 5545, iTIP METHOD)."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

PARIS = ZoneInfo("Europe/Paris")


def registration_uid(registration) -> str:
    """Stable per registration: a calendar updates (or cancels) the same entry each time."""
    return f"formation-tuteurs-{registration.token}@portail-bde"


def registration_ics(registration, *, method: str = "REQUEST", sequence: int = 0) -> bytes:
    training = registration.training
    calendar = Calendar()
    calendar.add("prodid", "-//Portail du bureau des entreprises//Formations des tuteurs//FR")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", registration_uid(registration))
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
    elif registration.status == "liste_attente":
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

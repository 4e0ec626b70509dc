"""Mails of the formations app, sent after the transaction commits (see services).

A mail server that fails never breaks the page nor loses the mail: the row keeps a mark of what
was not sent (`notified_at`, `certificate_sent_at`, `feedback_requested_at` empty), and the
reminder rules of formations/reminders.py, or the teacher's button, send it again.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from . import links
from .calendar import registration_ics
from .pdf import certificate_pdf

logger = logging.getLogger(__name__)


def _message(template: str, subject: str, to: list[str], context: dict) -> EmailMultiAlternatives:
    body = render_to_string(f"formations/mails/{template}.txt", context)
    return EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )


def ics_attachment(registration, method="REQUEST", sequence=0) -> tuple[str, bytes, str]:
    """The session's `.ics` invitation, as (filename, content, mimetype)."""
    content = registration_ics(registration, method=method, sequence=sequence)
    return "formation-tuteurs.ics", content, f"text/calendar; charset=utf-8; method={method}"


def _attach_ics(message, registration, method="REQUEST", sequence=0) -> None:
    message.attach(*ics_attachment(registration, method=method, sequence=sequence))


def send_registration_mail(
    registration, *, template: str, subject: str, method="REQUEST", sequence=0
):
    """A mail to the tutor about their registration, with the `.ics` and the cancel link."""
    training = registration.training
    context = {
        "registration": registration,
        "training": training,
        "contact": registration.contact,
        "cancel_url": links.cancel_url(registration),
    }
    message = _message(template, subject, [registration.contact.email], context)
    _attach_ics(message, registration, method=method, sequence=sequence)
    try:
        message.send()
    except Exception:  # noqa: BLE001 - the registration is saved; the reminder rule resends
        logger.warning("courriel %s de l’inscription %s non envoyé", template, registration.pk)
        return
    if method != "CANCEL":
        type(registration).objects.filter(pk=registration.pk).update(notified_at=timezone.now())


def send_certificate(registration) -> None:
    context = {"registration": registration, "training": registration.training}
    message = _message(
        "attestation",
        "Votre attestation de présence à la formation des tuteurs",
        [registration.contact.email],
        context,
    )
    name = slugify(f"attestation {registration.contact}") or "attestation"
    message.attach(f"{name}.pdf", certificate_pdf(registration), "application/pdf")
    try:
        message.send()
    except Exception:  # noqa: BLE001 - unmarked: the teacher's button sends it again
        logger.warning("attestation de l’inscription %s non envoyée", registration.pk)
        type(registration).objects.filter(pk=registration.pk).update(certificate_sent_at=None)


def send_feedback_request(registration) -> None:
    context = {
        "registration": registration,
        "training": registration.training,
        "feedback_url": links.feedback_url(registration),
    }
    message = _message(
        "avis", "Votre avis sur la formation des tuteurs", [registration.contact.email], context
    )
    try:
        message.send()
    except Exception:  # noqa: BLE001 - unmarked: the rule formation_tuteur_avis asks again
        logger.warning("demande d’avis de l’inscription %s non envoyée", registration.pk)
        type(registration).objects.filter(pk=registration.pk).update(feedback_requested_at=None)


def send_checkin_request(pair, month) -> None:
    context = {"pair": pair, "month": month, "checkin_url": links.checkin_url(pair)}
    _message("point_mensuel", "Mentorat : le point du mois", [pair.mentor.email], context).send()


def send_invitation(invitation) -> None:
    context = {
        "invitation": invitation,
        "event": invitation.event,
        "rsvp_url": links.rsvp_url(invitation),
    }
    message = _message(
        "invitation", f"Invitation : {invitation.event.title}", [invitation.email], context
    )
    try:
        message.send()
    except Exception:  # noqa: BLE001 - unmarked: the event's reminder reaches them later
        logger.warning("invitation %s non envoyée", invitation.pk)
        type(invitation).objects.filter(pk=invitation.pk).update(sent_at=None)

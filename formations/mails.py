"""Mails of the formations app, sent after the transaction commits (see services)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.text import slugify

from . import links
from .calendar import registration_ics
from .pdf import certificate_pdf


def _message(template: str, subject: str, to: list[str], context: dict) -> EmailMultiAlternatives:
    body = render_to_string(f"formations/mails/{template}.txt", context)
    return EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )


def _attach_ics(message, registration, method="REQUEST", sequence=0) -> None:
    content = registration_ics(registration, method=method, sequence=sequence)
    message.attach(
        "formation-tuteurs.ics", content, f"text/calendar; charset=utf-8; method={method}"
    )


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
    message.send()


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
    message.send()


def send_feedback_request(registration) -> None:
    context = {
        "registration": registration,
        "training": registration.training,
        "feedback_url": links.feedback_url(registration),
    }
    _message(
        "avis",
        "Votre avis sur la formation des tuteurs",
        [registration.contact.email],
        context,
    ).send()


def send_checkin_request(pair, month) -> None:
    context = {"pair": pair, "month": month, "checkin_url": links.checkin_url(pair)}
    _message("point_mensuel", "Mentorat : le point du mois", [pair.mentor.email], context).send()


def send_invitation(invitation) -> None:
    context = {
        "invitation": invitation,
        "event": invitation.event,
        "rsvp_url": links.rsvp_url(invitation),
    }
    _message(
        "invitation",
        f"Invitation : {invitation.event.title}",
        [invitation.email],
        context,
    ).send()

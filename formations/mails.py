"""Mails of the formations app, written to the outbox in the service's transaction.

The outbox (courriels) sends them once the transaction commits and retries when the mail server
fails; the dates kept here (`certificate_sent_at`, `feedback_requested_at`, an invitation's
`sent_at`) say when each mail was written, so a button or a rule never writes it twice.
"""

from django.utils.text import slugify

from common.links import absolute_url
from courriels.services import email_queue, kind_register

from . import links
from .calendar import registration_ics
from .pdf import certificate_pdf

# Opt-out categories: what a tutor or a partner may stop receiving (service mails may not).
KIND_FEEDBACK = "formation_tuteurs"  # as the rules of formations/reminders.py
KIND_INVITATION = "evenements"
kind_register(KIND_FEEDBACK, "les courriels des formations des tuteurs")
kind_register(KIND_INVITATION, "les invitations aux événements des lycées")
# The public page "Données personnelles" (home/content.py), the full privacy notice.
PRIVACY_PATH = "/donnees-personnelles/"


def _queue(template: str, subject: str, to: str, context: dict, *, about, kind="", files=()):
    return email_queue(
        to=to,
        subject=subject,
        template=f"formations/mails/{template}",
        context=context,
        kind=kind,
        about=about,
        school_id=getattr(getattr(about, "training", None), "school_id", None),
        attachments=list(files),
    )


def ics_attachment(registration, method="REQUEST", sequence=0) -> tuple[str, bytes, str]:
    """The session's `.ics` invitation, as (filename, content, mimetype)."""
    content = registration_ics(registration, method=method, sequence=sequence)
    return "formation-tuteurs.ics", content, f"text/calendar; charset=utf-8; method={method}"


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
    _queue(
        template,
        subject,
        registration.contact.email,
        context,
        about=registration,
        files=[ics_attachment(registration, method=method, sequence=sequence)],
    )


def send_certificate(registration) -> None:
    context = {"registration": registration, "training": registration.training}
    name = slugify(f"attestation {registration.contact}") or "attestation"
    _queue(
        "attestation",
        "Votre attestation de présence à la formation des tuteurs",
        registration.contact.email,
        context,
        about=registration,
        files=[(f"{name}.pdf", certificate_pdf(registration), "application/pdf")],
    )


def send_feedback_request(registration) -> None:
    context = {
        "registration": registration,
        "training": registration.training,
        "feedback_url": links.feedback_url(registration),
    }
    _queue(
        "avis",
        "Votre avis sur la formation des tuteurs",
        registration.contact.email,
        context,
        about=registration,
        kind=KIND_FEEDBACK,
    )


def send_invitation(invitation) -> None:
    context = {
        "invitation": invitation,
        "event": invitation.event,
        "rsvp_url": links.rsvp_url(invitation),
    }
    email_queue(
        to=invitation.email,
        subject=f"Invitation : {invitation.event.title}",
        template="formations/mails/invitation",
        context=context,
        kind=KIND_INVITATION,
        about=invitation,
        school_id=getattr(invitation.event, "school_id", None),
    )


def send_privacy_notice(registration) -> None:
    """To a tutor added on site: what the school keeps about them, why, and their rights."""
    training = registration.training
    context = {
        "registration": registration,
        "training": training,
        "contact": registration.contact,
        "privacy_url": absolute_url(PRIVACY_PATH),
    }
    _queue(
        "notice_donnees",
        "Formation des tuteurs : vos coordonnées et vos droits",
        registration.contact.email,
        context,
        about=registration,
    )

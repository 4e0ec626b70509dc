"""Mails to companies (French, text and HTML), sent after the transaction commits."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone

from entreprises.models import Contact

from .links import espace_url
from .models import Submission, SubmissionSchool

logger = logging.getLogger(__name__)


def _send(*, template: str, to: str, subject: str, context: dict) -> bool:
    """Send one mail; False when the address opted out (nothing sent)."""
    from .services import is_opted_out

    if not to or is_opted_out(to):
        return False
    text = render_to_string(f"offres/mails/{template}.txt", context)
    html = render_to_string(f"offres/mails/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )
    message.attach_alternative(html, "text/html")
    message.send()
    return True


def mail_submission_received(*, submission_id: int) -> None:
    """The acknowledgement, sent as the submission is saved.

    If the mail server fails, the submission stays unacknowledged and the reminder rule
    `offres_accuse_reception` (offres/reminders.py) sends it again, with the engine's retries.
    """
    submission = (
        Submission.objects.select_related("company", "contact", "joins")
        .prefetch_related("addressees__school")
        .get(pk=submission_id)
    )
    contact = submission.contact
    try:
        _send(
            template="soumission_recue",
            to=contact.email,
            subject="Vous avez rejoint une demande d’ouverture de formation"
            if submission.joins_id
            else f"Votre proposition est bien reçue : {submission.get_kind_display()}",
            context={
                "submission": submission,
                "contact": contact,
                "schools": [a.school for a in submission.addressees.all()],
                "url": espace_url(contact.pk),
            },
        )
    except Exception:  # noqa: BLE001 - the company's submission is saved; the rule retries
        logger.warning("accusé de réception de la proposition %s non envoyé", submission_id)
        return
    Submission.objects.filter(pk=submission_id).update(acknowledged_at=timezone.now())


def mail_submission_answered(*, addressee_id: int) -> None:
    addressee = SubmissionSchool.objects.select_related(
        "submission__contact", "submission__company", "school"
    ).get(pk=addressee_id)
    submission = addressee.submission
    contact = submission.contact
    verb = "acceptée" if addressee.status == "acceptee" else "refusée"
    _send(
        template="reponse_lycee",
        to=contact.email,
        subject=f"{addressee.school.name} a répondu : proposition {verb}",
        context={
            "addressee": addressee,
            "submission": submission,
            "contact": contact,
            "verb": verb,
            "url": espace_url(contact.pk),
        },
    )


def mail_espace_link(*, contact_id: int, invited_by: str = "") -> None:
    contact = Contact.objects.select_related("company").get(pk=contact_id)
    _send(
        template="lien_espace",
        to=contact.email,
        subject=f"Votre lien vers l’espace entreprise de {contact.company.name}",
        context={"contact": contact, "invited_by": invited_by, "url": espace_url(contact.pk)},
    )

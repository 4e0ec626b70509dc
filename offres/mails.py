"""Mails to companies (French, text and HTML), written to the outbox in the caller's transaction.

Every function here writes a row of `courriels.Email`; the outbox sends it once the
transaction commits (see courriels/services.py), and stops it if the address opted out.
"""

from django.conf import settings

from courriels.services import email_queue, kind_register
from entreprises.models import Contact

from .links import espace_url
from .models import Submission, SubmissionSchool, SubmissionStatus

KIND = "offres"  # the opt-out category of the mails about a company's submissions
kind_register(KIND, "les courriels sur vos propositions aux lycées")


def _queue(*, template: str, to: str, subject: str, context: dict, about) -> bool:
    row = email_queue(
        to=to,
        subject=subject,
        template=f"offres/mails/{template}",
        context=context,
        kind=KIND,
        about=about,
    )
    return row is not None


def mail_submission_received(*, submission_id: int) -> None:
    """The acknowledgement, written with the submission (sent by the outbox, retried there)."""
    submission = (
        Submission.objects.select_related("company", "contact", "joins")
        .prefetch_related("addressees__school")
        .get(pk=submission_id)
    )
    contact = submission.contact
    _queue(
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
        about=submission,
    )


def mail_discovery_to_college(*, submission_id: int) -> None:
    """A discovery action for collégiens, addressed to a collège's contact as well as to the
    lycées' bureaux (the guide names the collège among the contacts, seed 004)."""
    submission = (
        Submission.objects.select_related("company", "contact")
        .prefetch_related("addressees__school")
        .get(pk=submission_id)
    )
    details = submission.details or {}
    if not details.get("college_email"):
        return
    _queue(
        template="decouverte_college",
        to=details["college_email"],
        subject=f"{submission.company.name} propose une action de découverte des métiers "
        f"à {details.get('college_name') or 'votre collège'}",
        context={
            "submission": submission,
            "details": details,
            "contact": submission.contact,
            "schools": [a.school for a in submission.addressees.all()],
        },
        about=submission,
    )


def mail_submission_answered(*, addressee_id: int) -> None:
    addressee = SubmissionSchool.objects.select_related(
        "submission__contact", "submission__company", "school"
    ).get(pk=addressee_id)
    submission = addressee.submission
    contact = submission.contact
    verb = "acceptée" if addressee.status == SubmissionStatus.ACCEPTED else "refusée"
    _queue(
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
        about=addressee,
    )


def mail_submission_shared_answer(*, submission_id: int) -> None:
    """The one answer of a proposal shared by several schools: who follows it up, or that
    none of them could (with their reasons and the académie's contact)."""
    submission = Submission.objects.select_related("contact", "company", "lead_school").get(
        pk=submission_id
    )
    contact = submission.contact
    addressees = list(submission.addressees.select_related("school").order_by("school__name"))
    followers = [a.school for a in addressees if a.status == SubmissionStatus.ACCEPTED]
    followers.sort(key=lambda school: school.pk != submission.lead_school_id)
    declined = [a for a in addressees if a.status == SubmissionStatus.REFUSED]
    lead = submission.lead_school
    _queue(
        template="reponse_partagee",
        to=contact.email,
        subject=f"{lead.name} suit votre proposition : {submission.get_kind_display()}"
        if lead
        else f"Votre proposition n’a pas trouvé de lycée : {submission.get_kind_display()}",
        context={
            "submission": submission,
            "contact": contact,
            "lead": lead,
            "followers": followers,
            "declined": declined,
            "asked": len(addressees),
            "academy_contact": settings.ACADEMY_CONTACT_EMAIL,
            "url": espace_url(contact.pk),
        },
        about=submission,
    )


def mail_submission_school_joined(*, addressee_id: int) -> None:
    """A school accepts a shared proposal after the company got its one answer: a short mail
    naming it (one per school that joins; nothing for a refusal)."""
    addressee = SubmissionSchool.objects.select_related(
        "school", "submission__contact", "submission__company", "submission__lead_school"
    ).get(pk=addressee_id)
    submission = addressee.submission
    contact = submission.contact
    _queue(
        template="lycee_rejoint",
        to=contact.email,
        subject=f"{addressee.school.name} suit aussi votre proposition : "
        f"{submission.get_kind_display()}",
        context={
            "submission": submission,
            "contact": contact,
            "school": addressee.school,
            "lead": submission.lead_school,
            "url": espace_url(contact.pk),
        },
        about=addressee,
    )


def mail_espace_link(*, contact_id: int, invited_by: str = "") -> None:
    contact = Contact.objects.select_related("company").get(pk=contact_id)
    _queue(
        template="lien_espace",
        to=contact.email,
        subject=f"Votre lien vers l’espace entreprise de {contact.company.name}",
        context={"contact": contact, "invited_by": invited_by, "url": espace_url(contact.pk)},
        about=contact,
    )

"""The contact's choices (mail opt-out), colleagues, and the offers of a company."""

import datetime

from django.db import transaction

from common.dates import day_start
from courriels.models import ALL_KINDS
from courriels.services import is_opted_out as courriels_is_opted_out
from courriels.services import opt_out_record
from entreprises.models import Company, Contact

from ..mails import mail_espace_link
from ..models import (
    Submission,
    SubmissionSchool,
)
from .submissions import SubmissionError, submitter_find_or_create


@transaction.atomic
def mail_opt_out(*, email: str) -> None:
    """Stop the portal's optional mails to this address (the outbox's one opt-out table)."""
    opt_out_record(email=email, kinds=[ALL_KINDS])


def is_opted_out(email: str) -> bool:
    return courriels_is_opted_out(email)


@transaction.atomic
def colleague_add(
    *, contact: Contact, email: str, first_name: str, last_name: str, job_title: str = ""
) -> Contact:
    """Another person of the same company, who gets their own link to the espace entreprise.

    Only a confirmed person vouches for a colleague; the colleague is then confirmed too.
    """
    if not contact.is_confirmed:
        raise SubmissionError(
            "Seule une personne déjà confirmée de votre entreprise peut ajouter un collègue. "
            "Demandez-le à un collègue confirmé ou au bureau des entreprises d’un lycée."
        )
    schools = list(
        SubmissionSchool.objects.filter(submission__company=contact.company)
        .values_list("school", flat=True)
        .distinct()
    )
    colleague = submitter_find_or_create(
        company=contact.company,
        email=email,
        first_name=first_name,
        last_name=last_name,
        job_title=job_title,
        schools=schools,
        confirmed_by=f"{contact} (collègue confirmé, {contact.email})",
    )
    mail_espace_link(contact_id=colleague.pk, invited_by=str(contact))
    return colleague


def submissions_of_company(company: Company):
    return (
        Submission.objects.filter(company=company)
        .select_related("contact")
        .prefetch_related("addressees__school")
        .order_by("-created_at", "-pk")
    )


def stale_since(today: datetime.date, days: int) -> datetime.datetime:
    return day_start(today - datetime.timedelta(days=days))

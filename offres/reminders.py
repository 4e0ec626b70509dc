"""Reminder rules of companies' submissions (see rappels/rules.py for the interface)."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from common.dates import day_start, working_days_before
from etablissements.roles import ACADEMY_ADMIN_GROUP
from rappels.recipients import rbde_recipients, user_recipient, with_rbdes
from rappels.rules import Recipient, ReminderRule, register

from . import new_submissions  # noqa: F401 - the rule of new proposals, beside its preference
from .links import espace_url
from .models import (
    FollowUpStatus,
    Submission,
    SubmissionKind,
    SubmissionSchool,
    SubmissionStatus,
)

UNHANDLED_DAYS = 7
FOLLOWUP_SILENCE_DAYS = 30
# Early autumn: requests must reach the rectorat in time for the January Parcoursup offer.
AUTUMN_START = (9, 15)
AUTUMN_END = (10, 15)


def _admin_url(addressee) -> str:
    return reverse("offres_moderation:edit", args=[addressee.pk])


def _addressees():
    return SubmissionSchool.objects.select_related(
        "submission__company", "submission__contact", "school"
    )


def _open_answers():
    """Answers still pending or accepted, of submissions the company did not withdraw."""
    return (
        _addressees()
        .exclude(status__in=[SubmissionStatus.REFUSED, SubmissionStatus.CLOSED])
        .exclude(submission__status=SubmissionStatus.WITHDRAWN)
    )


@register
class Unhandled(ReminderRule):
    """In the RBDE's weekly digest: what a company submitted and nobody answered in 7 days."""

    code = "offres_non_traitee"
    label = "Proposition d’entreprise sans réponse depuis 7 jours"
    template = "offres/mails/rappel_non_traitee"
    cadence = "hebdomadaire"

    def due(self, today):
        before = day_start(today - datetime.timedelta(days=UNHANDLED_DAYS))
        return with_rbdes(_addressees().unhandled_since(before).order_by("pk"))

    def occasion(self, obj):
        # Once a week, in that week's digest, until someone answers.
        year, week, _ = timezone.localdate().isocalendar()
        return f"semaine-{year}-{week:02d}"

    def recipients(self, obj):
        return rbde_recipients(obj.school)

    def select_for_mail(self, queryset):
        return queryset.select_related("submission__company", "school")

    def subject(self, obj):
        return f"Sans réponse depuis 7 jours : {obj.submission.company.name}"

    def context(self, obj):
        days = (timezone.now() - obj.submission.created_at).days
        return {
            "addressee": obj,
            "submission": obj.submission,
            "days": days,
            "url": _admin_url(obj),
        }


def _specialisation_answers():
    return _open_answers().filter(
        submission__kind=SubmissionKind.SPECIALISATION,
        submission__followup_status__in=[
            FollowUpStatus.RECEIVED,
            FollowUpStatus.STUDY,
            FollowUpStatus.SENT_ON,
        ],
    )


@register
class FollowUpSilent(ReminderRule):
    """A specialisation-course request whose follow-up has not moved for 30 days."""

    code = "offres_formation_sans_suivi"
    label = "Demande d’ouverture de formation sans changement depuis 30 jours"
    template = "offres/mails/rappel_formation_sans_suivi"

    def due(self, today):
        before = day_start(today - datetime.timedelta(days=FOLLOWUP_SILENCE_DAYS))
        return with_rbdes(
            _specialisation_answers()
            .filter(submission__followup_changed_at__lt=before)
            .order_by("pk")
        )

    def occasion(self, obj):
        # Once per silence: a change of follow-up starts a new one.
        return f"suivi-{obj.submission.followup_changed_at:%Y-%m-%d}"

    def recipients(self, obj):
        return rbde_recipients(obj.school)

    def select_for_mail(self, queryset):
        return queryset.select_related("submission__company", "school")

    def subject(self, obj):
        return f"Demande de formation sans suite depuis 30 jours : {obj.submission.company.name}"

    def context(self, obj):
        return {"addressee": obj, "submission": obj.submission, "url": _admin_url(obj)}


def school_year_of(day: datetime.date) -> int:
    return day.year if day.month >= 9 else day.year - 1


@register
class AutumnNotSentOn(ReminderRule):
    """Early autumn: the specialisation requests not yet sent on to the rectorat or Région."""

    code = "offres_formation_automne"
    label = "Demandes de formation à transmettre avant l’offre Parcoursup de janvier"
    template = "offres/mails/rappel_formation_automne"

    def due(self, today):
        start = datetime.date(today.year, *AUTUMN_START)
        end = datetime.date(today.year, *AUTUMN_END)
        if not start <= today <= end:
            return SubmissionSchool.objects.none()
        return with_rbdes(
            _open_answers()
            .filter(
                submission__kind=SubmissionKind.SPECIALISATION,
                submission__followup_status__in=[FollowUpStatus.RECEIVED, FollowUpStatus.STUDY],
            )
            .order_by("pk")
        )

    def occasion(self, obj):
        return f"automne-{school_year_of(timezone.localdate())}"

    def recipients(self, obj):
        return rbde_recipients(obj.school)

    def select_for_mail(self, queryset):
        return queryset.select_related("submission__company", "school")

    def subject(self, obj):
        return f"À transmettre avant Parcoursup : la demande de {obj.submission.company.name}"

    def context(self, obj):
        return {"addressee": obj, "submission": obj.submission, "url": _admin_url(obj)}


# A shared proposal nobody answered: after ROUTING_ANSWER_WORKING_DAYS working days, a reminder
# to the RBDEs of the schools that have not answered and a word to the company; as long again,
# the académie administrator. Each once per proposal (the engine keeps the promise).


def _unanswered_before(today, periods: int):
    days = settings.ROUTING_ANSWER_WORKING_DAYS * periods
    return day_start(working_days_before(today, days))


def _unanswered_submissions():
    return Submission.objects.filter(
        status=SubmissionStatus.SUBMITTED, answered_at__isnull=True, lead_school__isnull=True
    )


@register
class SharedUnanswered(ReminderRule):
    """To the RBDEs of each school that has not answered a proposal still without answer."""

    code = "offres_partagee_relance"
    label = "Proposition sans réponse : relance des lycées"
    template = "offres/mails/rappel_partagee_relance"

    def due(self, today):
        return with_rbdes(
            _addressees()
            .filter(
                status=SubmissionStatus.SUBMITTED,
                submission__in=_unanswered_submissions().filter(
                    created_at__lt=_unanswered_before(today, 1)
                ),
            )
            .order_by("pk")
        )

    def occasion(self, obj):
        return "relance"

    def still_due(self, obj, occasion):
        return obj.status == SubmissionStatus.SUBMITTED and obj.submission.answered_at is None

    def recipients(self, obj):
        return rbde_recipients(obj.school)

    def select_for_mail(self, queryset):
        return queryset.select_related("submission__company", "school")

    def subject(self, obj):
        return f"Toujours sans réponse : la proposition de {obj.submission.company.name}"

    def context(self, obj):
        return {
            "addressee": obj,
            "submission": obj.submission,
            "days": settings.ROUTING_ANSWER_WORKING_DAYS,
            "url": _admin_url(obj),
        }


@register
class SharedUnansweredCompany(ReminderRule):
    """To the company: where its proposal stands, and that the schools were reminded."""

    code = "offres_partagee_point"
    label = "Où en est votre proposition"
    template = "offres/mails/rappel_partagee_point"
    external = True
    kind = "offres"

    def due(self, today):
        return (
            _unanswered_submissions()
            .filter(created_at__lt=_unanswered_before(today, 1))
            .select_related("contact", "company")
            .order_by("pk")
        )

    def occasion(self, obj):
        return "point"

    def still_due(self, obj, occasion):
        return obj.answered_at is None and obj.status == SubmissionStatus.SUBMITTED

    def recipients(self, obj):
        contact = obj.contact
        if contact is None or not contact.email or contact.anonymised_at:
            return []
        return [
            Recipient(
                email=contact.email,
                name=str(contact),
                first_name=contact.first_name,
                contact_id=contact.pk,
            )
        ]

    def school_id(self, obj):
        return None

    def select_for_mail(self, queryset):
        return queryset.select_related("contact", "company").prefetch_related("addressees__school")

    def subject(self, obj):
        return f"Où en est votre proposition : {obj.get_kind_display()}"

    def context(self, obj):
        return {
            "submission": obj,
            "addressees": sorted(obj.addressees.all(), key=lambda a: a.school.name),
            "days": settings.ROUTING_ANSWER_WORKING_DAYS,
            "url": espace_url(obj.contact_id),
        }


def academy_admin_recipients() -> list[Recipient]:
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    users = users.filter(Q(is_superuser=True) | Q(groups__name=ACADEMY_ADMIN_GROUP)).distinct()
    people = [user_recipient(user) for user in users.order_by("pk")]
    return [person for person in people if person]


@register
class SharedUnansweredAcademy(ReminderRule):
    """To the académie administrator: a proposal still unanswered after a second period."""

    code = "offres_partagee_academie"
    label = "Proposition d’entreprise restée sans réponse des lycées"
    template = "offres/mails/rappel_partagee_academie"

    def due(self, today):
        return (
            _unanswered_submissions()
            .filter(created_at__lt=_unanswered_before(today, 2))
            .select_related("company")
            .order_by("pk")
        )

    def occasion(self, obj):
        return "academie"

    def still_due(self, obj, occasion):
        return obj.answered_at is None and obj.status == SubmissionStatus.SUBMITTED

    def recipients(self, obj):
        return academy_admin_recipients()

    def school_id(self, obj):
        return None

    def select_for_mail(self, queryset):
        return queryset.select_related("company").prefetch_related("addressees__school")

    def subject(self, obj):
        return f"Sans réponse des lycées : la proposition de {obj.company.name}"

    def context(self, obj):
        return {
            "submission": obj,
            "addressees": sorted(obj.addressees.all(), key=lambda a: a.school.name),
            "days": settings.ROUTING_ANSWER_WORKING_DAYS * 2,
            "url": reverse("pilotage_admin:routing"),
        }

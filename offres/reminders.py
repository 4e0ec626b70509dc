"""Reminder rules of companies' submissions (see rappels/rules.py for the interface)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from common.dates import day_start
from rappels.recipients import rbde_recipients, with_rbdes
from rappels.rules import ReminderRule, register

from .models import (
    FollowUpStatus,
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

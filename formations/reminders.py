"""Reminder rules of tutor trainings, mentoring and partner events (see rappels/rules.py).

Rows are planned hourly; each rule's `select_for_mail` drops what stopped being true between
planning and sending (a cancelled registration, attendance entered meanwhile): the engine then
marks the row ignored instead of mailing it.
"""

import datetime

from django.db.models import Case, DateField, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from rappels.recipients import rbde_recipients, user_recipient, with_rbdes
from rappels.rules import Recipient, ReminderRule, register

from . import links
from .models import (
    Invitation,
    MentoringPair,
    Registration,
    RegistrationStatus,
    RsvpStatus,
    TutorTraining,
    add_months,
)

DAYS_BEFORE = (7, 1)
ATTENDANCE_LOOKBACK_DAYS = 7
SIX_MONTHS_NOTICE_DAYS = 30
EVENT_DAYS_BEFORE = 2
FEEDBACK_DAYS = 7


def _days_before(today: datetime.date, lookup: str):
    """Annotate `days_before` (7 or 1) on rows starting exactly 7 or 1 days after `today`."""
    days = [today + datetime.timedelta(days=n) for n in DAYS_BEFORE]
    whens = [
        When(**{lookup: today + datetime.timedelta(days=n)}, then=Value(n)) for n in DAYS_BEFORE
    ]
    return Q(**{f"{lookup}__in": days}), Case(*whens, output_field=IntegerField())


def _days_left(training) -> int:
    return (timezone.localtime(training.starts_at).date() - timezone.localdate()).days


def _local_day(moment) -> str:
    return timezone.localtime(moment).date().isoformat()


def _contact_recipient(contact) -> Recipient | None:
    if contact is None or not contact.email or contact.anonymised_at:
        return None
    return Recipient(
        email=contact.email,
        name=str(contact),
        first_name=contact.first_name,
        contact_id=contact.pk,
    )


def _leaders(training) -> list[Recipient]:
    people = [user_recipient(user) for user in training.leaders.all()]
    return [person for person in people if person]


def _teacher_or_rbdes(pair) -> list[Recipient]:
    teacher = user_recipient(pair.teacher)
    return [teacher] if teacher else rbde_recipients(pair.school)


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def previous_month(day: datetime.date) -> datetime.date:
    return add_months(month_start(day), -1)


# Tutor trainings ----------------------------------------------------------------------------


@register
class TutorSessionSoon(ReminderRule):
    code = "formation_tuteur_avant_session"
    label = "Formation des tuteurs : rappel 7 jours et 1 jour avant (tuteur)"
    template = "formations/rappels/tuteur_avant_session"
    kind = "formation_tuteurs"
    external = True

    def due(self, today):
        condition, days = _days_before(today, "training__starts_at__date")
        return (
            Registration.objects.filter(condition, status=RegistrationStatus.REGISTERED)
            .annotate(days_before=days)
            .select_related("contact", "training__school")
            .order_by("pk")
        )

    def occasion(self, obj):
        # A session moved to another day is a new occasion.
        return f"J-{obj.days_before}-{_local_day(obj.training.starts_at)}"

    def recipients(self, obj):
        person = _contact_recipient(obj.contact)
        return [person] if person else []

    def school_id(self, obj):
        return obj.training.school_id

    def select_for_mail(self, queryset):
        # Cancelled since planning: no reminder.
        return queryset.filter(status=RegistrationStatus.REGISTERED).select_related(
            "contact", "training__school"
        )

    def subject(self, obj):
        return f"Rappel : formation des tuteurs le {obj.training.starts_at:%d/%m/%Y}"

    def context(self, obj):
        return {
            "registration": obj,
            "training": obj.training,
            "days_before": _days_left(obj.training),
            "url": links.cancel_url(obj),
        }


@register
class LeaderSessionSoon(ReminderRule):
    code = "formation_tuteur_avant_session_animateur"
    label = "Formation des tuteurs : rappel 7 jours et 1 jour avant (enseignant qui anime)"
    template = "formations/rappels/animateur_avant_session"

    def due(self, today):
        condition, days = _days_before(today, "starts_at__date")
        return (
            TutorTraining.objects.filter(condition)
            .annotate(days_before=days)
            .select_related("school")
            .prefetch_related("leaders")
            .with_counts()
            .order_by("pk")
        )

    def occasion(self, obj):
        return f"J-{obj.days_before}-{_local_day(obj.starts_at)}"

    def recipients(self, obj):
        return _leaders(obj)

    def select_for_mail(self, queryset):
        return queryset.select_related("school").with_counts()

    def subject(self, obj):
        return f"Vous animez « {obj.title} » le {obj.starts_at:%d/%m/%Y}"

    def context(self, obj):
        return {
            "training": obj,
            "days_before": _days_left(obj),
            "url": reverse("formations:attendance_sheet", args=[obj.pk]),
        }


@register
class AttendanceMissing(ReminderRule):
    code = "formation_tuteur_presences_manquantes"
    label = "Formation des tuteurs : présences non relevées le lendemain"
    template = "formations/rappels/presences_manquantes"
    optional = False

    def due(self, today):
        return (
            TutorTraining.objects.attendance_missing()
            .filter(
                starts_at__date__lt=today,
                starts_at__date__gte=today - datetime.timedelta(days=ATTENDANCE_LOOKBACK_DAYS),
            )
            .select_related("school")
            .prefetch_related("leaders")
            .order_by("pk")
        )

    def occasion(self, obj):
        return f"presences-{_local_day(obj.starts_at)}"

    def recipients(self, obj):
        return _leaders(obj) or rbde_recipients(obj.school)

    def select_for_mail(self, queryset):
        # Attendance entered since planning: nothing to remind.
        return queryset.attendance_missing().select_related("school")

    def subject(self, obj):
        return f"Présences à relever : {obj.title}"

    def context(self, obj):
        return {
            "training": obj,
            "url": reverse("formations:attendance_sheet", args=[obj.pk]),
        }


@register
class FeedbackRequest(ReminderRule):
    code = "formation_tuteur_avis"
    label = "Formation des tuteurs : avis demandé aux présents le lendemain"
    template = "formations/rappels/avis"
    kind = "formation_tuteurs"
    external = True

    def due(self, today):
        return (
            Registration.objects.present()
            .filter(
                feedback_requested_at__isnull=True,
                feedback__isnull=True,
                training__ends_at__date__lt=today,
                training__ends_at__date__gte=today - datetime.timedelta(days=FEEDBACK_DAYS),
            )
            .select_related("contact", "training__school")
            .order_by("pk")
        )

    def occasion(self, obj):
        return "avis"

    def recipients(self, obj):
        person = _contact_recipient(obj.contact)
        return [person] if person else []

    def school_id(self, obj):
        return obj.training.school_id

    def select_for_mail(self, queryset):
        return queryset.filter(feedback__isnull=True).select_related("contact", "training__school")

    def subject(self, obj):
        return "Votre avis sur la formation des tuteurs"

    def context(self, obj):
        return {"registration": obj, "training": obj.training, "url": links.feedback_url(obj)}


# Mentoring ----------------------------------------------------------------------------------


def _pairs():
    return MentoringPair.objects.filter(ended_on__isnull=True).select_related(
        "school", "mentor", "teacher"
    )


@register
class MentoringCheckInRequest(ReminderRule):
    code = "mentorat_point_mensuel"
    label = "Mentorat : point mensuel demandé au mentor"
    template = "formations/rappels/point_mensuel"
    kind = "mentorat"
    external = True

    def due(self, today):
        last_month = previous_month(today)
        return (
            _pairs()
            .filter(start_date__lt=month_start(today), planned_end__gte=last_month)
            .missing_checkins([last_month])
            .annotate(asked_month=Value(last_month, output_field=DateField()))
            .order_by("pk")
        )

    def occasion(self, obj):
        return f"point-{obj.asked_month:%Y-%m}"

    def recipients(self, obj):
        person = _contact_recipient(obj.mentor)
        return [person] if person else []

    def select_for_mail(self, queryset):
        return queryset.select_related("school", "mentor")

    def subject(self, obj):
        return "Mentorat : combien d’heures ce mois-ci ?"

    def context(self, obj):
        month = previous_month(timezone.localdate())
        return {"pair": obj, "month": month, "url": links.checkin_url(obj)}


class _MentoringPairToTeacher(ReminderRule):
    """A mentoring pair's notice to the teacher following it (else the school's RBDE)."""

    def recipients(self, obj):
        return _teacher_or_rbdes(obj)

    def select_for_mail(self, queryset):
        return queryset.select_related("school", "mentor", "teacher")

    def context(self, obj):
        return {"pair": obj}


@register
class MentoringMinimumEnding(_MentoringPairToTeacher):
    code = "mentorat_fin_six_mois"
    label = "Mentorat : les 6 mois minimum se terminent bientôt"
    template = "formations/rappels/fin_six_mois"

    def due(self, today):
        first = add_months(today, -6)
        last = add_months(today + datetime.timedelta(days=SIX_MONTHS_NOTICE_DAYS), -6)
        return with_rbdes(
            _pairs().filter(start_date__gte=first, start_date__lte=last).order_by("pk")
        )

    def occasion(self, obj):
        return f"six-mois-{obj.minimum_end.isoformat()}"

    def subject(self, obj):
        return f"Mentorat de {obj.student_first_name} : 6 mois le {obj.minimum_end:%d/%m/%Y}"


@register
class MentoringCheckInsMissing(_MentoringPairToTeacher):
    code = "mentorat_points_manquants"
    label = "Mentorat : deux points mensuels manquants"
    template = "formations/rappels/points_manquants"

    def due(self, today):
        last = previous_month(today)
        before = add_months(last, -1)
        return with_rbdes(
            _pairs()
            .filter(start_date__lt=last, planned_end__gte=before)
            .missing_checkins([last, before])
            .annotate(last_missing=Value(last, output_field=DateField()))
            .order_by("pk")
        )

    def occasion(self, obj):
        return f"manquants-{obj.last_missing:%Y-%m}"

    def subject(self, obj):
        return f"Mentorat de {obj.student_first_name} : deux mois sans nouvelles"


# Partner events -----------------------------------------------------------------------------


@register
class EventSoon(ReminderRule):
    code = "evenement_rappel_invite"
    label = "Événement partenaire : rappel aux invités"
    template = "formations/rappels/evenement_bientot"
    kind = "evenements"
    external = True

    def due(self, today):
        return (
            Invitation.objects.exclude(rsvp=RsvpStatus.NO)
            .filter(event__starts_at__date=today + datetime.timedelta(days=EVENT_DAYS_BEFORE))
            .select_related("event__school", "contact")
            .order_by("pk")
        )

    def occasion(self, obj):
        return f"rappel-{_local_day(obj.event.starts_at)}"

    def recipients(self, obj):
        contact = obj.contact
        return [
            Recipient(
                email=obj.email,
                name=str(contact or ""),
                first_name=contact.first_name if contact else "",
                contact_id=obj.contact_id,
            )
        ]

    def school_id(self, obj):
        return obj.event.school_id

    def select_for_mail(self, queryset):
        return queryset.exclude(rsvp=RsvpStatus.NO).select_related("event__school", "contact")

    def subject(self, obj):
        return f"Rappel : {obj.event.title}, le {obj.event.starts_at:%d/%m/%Y}"

    def context(self, obj):
        return {"invitation": obj, "event": obj.event, "url": links.rsvp_url(obj)}

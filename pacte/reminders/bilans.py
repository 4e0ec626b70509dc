"""Reminder rules of the Pacte's bilans and lettres de mission (see rappels/rules.py)."""

import datetime

from django.db.models import DateField, Q, Value
from django.urls import reverse

from etablissements.roles import Role
from rappels.recipients import members_recipients, user_recipient, with_members
from rappels.rules import ReminderRule, register

from ..models import ActivityReport, Engagement, MissionLetter, ReportStatus

# The bilan is due at the end of the school year: reminders 30 and 7 days before.
DUE_NOTICES = (30, 7)


def direction_recipients(school) -> list:
    """The school's direction, as reminder recipients (prefetched by `with_direction`)."""
    return members_recipients(school, Role.DIRECTION)


def with_direction(queryset, school_path: str = "school"):
    return with_members(queryset, Role.DIRECTION, school_path)


def _report_url(engagement_id: int, mission_id: int | None = None) -> str:
    """The bilan of one mission, else the list of the Pacte's bilans (one per mission)."""
    if mission_id is None:
        return reverse("pacte_admin:reports", args=[engagement_id])
    return reverse("pacte_admin:report", args=[engagement_id, mission_id])


def _bilan_pending(engagements, today):
    """Those of `engagements` whose teacher is active and whose bilan is neither submitted nor
    validated, with the day of the scan (`plan_day`) the notice is counted from."""
    return (
        engagements.filter(teacher__is_active=True)
        .bilans_pending()
        .select_related("teacher", "school", "school_year")
        .annotate(plan_day=Value(today, output_field=DateField()))
        .order_by("pk")
    )


class _TeacherEngagementRule(ReminderRule):
    """A reminder about a teacher's engagement, to that teacher, linking to their bilan."""

    def recipients(self, obj):
        person = user_recipient(obj.teacher)
        return [person] if person else []

    def select_for_mail(self, queryset):
        return queryset.select_related("teacher", "school", "school_year")

    def context(self, obj):
        return {"engagement": obj, "url": _report_url(obj.pk)}


@register
class ReportDue(_TeacherEngagementRule):
    code = "pacte_bilan_a_remettre"
    label = "Bilan d’activité du Pacte à remettre avant la fin de l’année scolaire"
    template = "pacte/mails/bilan_a_remettre"

    def due(self, today):
        # Years ending within 30 days, whose bilan is not yet submitted or validated.
        ending = Engagement.objects.filter(
            school_year__end__gte=today,
            school_year__end__lte=today + datetime.timedelta(days=max(DUE_NOTICES)),
            parts__isnull=False,
        )
        return _bilan_pending(ending, today).distinct()

    def occasion(self, obj):
        # J-30, then J-7: whichever notice the remaining days reached (one mail each).
        days_left = (obj.school_year.end - obj.plan_day).days
        notice = min(n for n in DUE_NOTICES if days_left <= n)
        return f"{obj.school_year.label}-J{notice}"

    def subject(self, obj):
        return (
            f"Votre bilan d’activité du Pacte {obj.school_year.label} est à remettre avant le "
            f"{obj.school_year.end:%d/%m/%Y}"
        )


def _reports(status: str):
    return (
        ActivityReport.objects.filter(status=status)
        .select_related(
            "engagement__teacher",
            "engagement__school",
            "engagement__school_year",
            "decided_by",
        )
        .order_by("pk")
    )


@register
class ReportSubmitted(ReminderRule):
    code = "pacte_bilan_remis"
    label = "Bilan d’activité du Pacte remis, à valider"
    template = "pacte/mails/bilan_remis"

    def due(self, today):
        return with_direction(_reports(ReportStatus.SUBMITTED), "engagement__school")

    def occasion(self, obj):
        # Each submission (a bilan sent back and submitted again is a new one).
        return f"remis-{obj.submitted_at.isoformat()}"

    def recipients(self, obj):
        return direction_recipients(obj.engagement.school)

    def school_id(self, obj):
        return obj.engagement.school_id

    def select_for_mail(self, queryset):
        return queryset.select_related(
            "engagement__teacher", "engagement__school", "engagement__school_year"
        )

    def subject(self, obj):
        teacher = obj.engagement.teacher
        return f"Bilan d’activité remis par {teacher.get_full_name() or teacher.username}"

    def context(self, obj):
        return {"report": obj, "url": _report_url(obj.engagement_id, obj.mission_id)}


@register
class ReportSentBack(ReminderRule):
    code = "pacte_bilan_renvoye"
    label = "Bilan d’activité du Pacte renvoyé par la direction"
    template = "pacte/mails/bilan_renvoye"

    def due(self, today):
        return _reports(ReportStatus.SENT_BACK).filter(~Q(decided_at=None))

    def occasion(self, obj):
        return f"renvoye-{obj.decided_at.isoformat()}"

    def recipients(self, obj):
        person = user_recipient(obj.engagement.teacher)
        return [person] if person else []

    def school_id(self, obj):
        return obj.engagement.school_id

    def select_for_mail(self, queryset):
        return queryset.select_related(
            "engagement__teacher", "engagement__school", "engagement__school_year", "decided_by"
        )

    def subject(self, obj):
        return f"Votre bilan d’activité du Pacte {obj.engagement.school_year.label} est à compléter"

    def context(self, obj):
        return {"report": obj, "url": _report_url(obj.engagement_id, obj.mission_id)}


# The lettre de mission is signed before the rentrée or by early October (the year's rule):
# the direction is reminded 14 and 3 days before, for each letter not yet validated.
SIGNATURE_NOTICES = (14, 3)


def _notice(days_left: int, notices) -> int:
    return min(n for n in notices if days_left <= n)


@register
class LetterToSign(ReminderRule):
    code = "pacte_lettre_a_signer"
    label = "Lettre de mission du Pacte à valider avant la date de signature de l’année"
    template = "pacte/mails/lettre_a_signer"

    def due(self, today):
        unsigned = Engagement.objects.filter(
            school_year__letter_signature_deadline__gte=today,
            school_year__letter_signature_deadline__lte=today
            + datetime.timedelta(days=max(SIGNATURE_NOTICES)),
            parts__isnull=False,
        ).exclude(mission_letter__validated_at__isnull=False)
        return (
            with_direction(unsigned.select_related("teacher", "school", "school_year"))
            .annotate(plan_day=Value(today, output_field=DateField()))
            .distinct()
            .order_by("pk")
        )

    def occasion(self, obj):
        days_left = (obj.school_year.letter_signature_deadline - obj.plan_day).days
        return f"{obj.school_year.label}-J{_notice(days_left, SIGNATURE_NOTICES)}"

    def recipients(self, obj):
        return direction_recipients(obj.school)

    def still_due(self, obj, occasion):
        letter = getattr(obj, "mission_letter", None)
        return letter is None or letter.validated_at is None

    def select_for_mail(self, queryset):
        return queryset.select_related("teacher", "school", "school_year", "mission_letter")

    def subject(self, obj):
        name = obj.teacher.get_full_name() or obj.teacher.username
        return (
            f"Lettre de mission de {name} à valider avant le "
            f"{obj.school_year.letter_signature_deadline:%d/%m/%Y}"
        )

    def context(self, obj):
        return {"engagement": obj, "url": reverse("pacte_admin:engagement", args=[obj.pk])}


# A mission carried over ends on its carry-over date: the teacher is reminded 30 and 7 days
# before, while the bilan is not yet submitted.
CARRY_OVER_NOTICES = (30, 7)


@register
class CarryOverEnding(_TeacherEngagementRule):
    code = "pacte_report_se_termine"
    label = "Mission du Pacte reportée : fin du report et bilan à remettre"
    template = "pacte/mails/report_se_termine"

    def due(self, today):
        ending = Engagement.objects.filter(
            carried_over_until__gte=today,
            carried_over_until__lte=today + datetime.timedelta(days=max(CARRY_OVER_NOTICES)),
        )
        return _bilan_pending(ending, today)

    def occasion(self, obj):
        days_left = (obj.carried_over_until - obj.plan_day).days
        notice = _notice(days_left, CARRY_OVER_NOTICES)
        return f"{obj.school_year.label}-{obj.carried_over_until:%Y%m%d}-J{notice}"

    def subject(self, obj):
        return (
            f"Votre mission du Pacte {obj.school_year.label} reportée se termine le "
            f"{obj.carried_over_until:%d/%m/%Y}"
        )


# A letter validated longer ago than this is not announced any more (a rule added later, a
# letter reopened and validated again years after: no mail about old news).
LETTER_NOTICE_DAYS = 14


@register
class MissionLetterValidated(ReminderRule):
    code = "pacte_lettre_validee"
    label = "Lettre de mission du Pacte validée par la direction"
    template = "pacte/mails/lettre_validee"
    daily_cap = False  # sent as soon as the letter is validated (rappels.tasks.send_now)

    def due(self, today):
        since = today - datetime.timedelta(days=LETTER_NOTICE_DAYS)
        return (
            MissionLetter.objects.filter(validated_at__date__gte=since)
            .filter(engagement__teacher__is_active=True)
            .select_related("engagement__teacher", "engagement__school", "engagement__school_year")
            .order_by("pk")
        )

    def occasion(self, obj):
        # Each validation (a letter reopened then validated again is a new one).
        return f"validee-{obj.validated_at.isoformat()}"

    def still_due(self, obj, occasion):
        return obj.validated_at is not None and occasion == self.occasion(obj)

    def recipients(self, obj):
        person = user_recipient(obj.engagement.teacher)
        return [person] if person else []

    def school_id(self, obj):
        return obj.engagement.school_id

    def select_for_mail(self, queryset):
        return queryset.select_related(
            "engagement__teacher", "engagement__school", "engagement__school_year"
        )

    def subject(self, obj):
        return f"Votre lettre de mission du Pacte {obj.engagement.school_year.label} est validée"

    def context(self, obj):
        return {"letter": obj, "url": reverse("pacte_admin:my_mission")}

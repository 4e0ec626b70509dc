"""The year's interim bilans (January and April in 2025-2026): the teacher is reminded of the
missions whose progress note is not written, the direction of the teachers concerned."""

import datetime
from functools import reduce
from operator import or_

from django.db.models import Case, CharField, DateField, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from rappels.recipients import user_recipient
from rappels.rules import ReminderRule, register

from ..models import Engagement, InterimStage, SchoolYear
from .bilans import direction_recipients, with_direction

# Reminders 14 and 3 days before each interim bilan of the year, while a mission lacks it.
INTERIM_NOTICES = (14, 3)


def interim_reports_due(today: datetime.date):
    """Engagements with a mission whose next interim bilan is within the notice window and not
    written, annotated with that bilan (`interim_stage`, `interim_day`) and `plan_day`."""
    last = today + datetime.timedelta(days=max(INTERIM_NOTICES))
    years = SchoolYear.objects.filter(
        Q(first_interim_report_on__range=(today, last))
        | Q(second_interim_report_on__range=(today, last))
    )
    interims = [(year, *year.next_interim_report(today)) for year in years]
    if not interims:
        return Engagement.objects.none()
    missing = [
        Q(school_year=year, pk__in=Engagement.objects.interim_report_missing(stage).values("pk"))
        for year, stage, _ in interims
    ]
    return (
        Engagement.objects.filter(reduce(or_, missing), teacher__is_active=True)
        .annotate(
            interim_stage=Case(
                *[When(school_year=y, then=Value(s)) for y, s, _ in interims],
                output_field=CharField(),
            ),
            interim_day=Case(
                *[When(school_year=y, then=Value(d)) for y, _, d in interims],
                output_field=DateField(),
            ),
            plan_day=Value(today, output_field=DateField()),
        )
        .select_related("teacher", "school", "school_year")
        .order_by("pk")
    )


def _upcoming(obj) -> tuple[str, datetime.date] | None:
    """The engagement's next interim bilan, seen from today (when the mail is written)."""
    return obj.school_year.next_interim_report(timezone.localdate())


class _InterimRule(ReminderRule):
    """One item per engagement and interim bilan notice (J-14, J-3)."""

    def occasion(self, obj):
        days_left = (obj.interim_day - obj.plan_day).days
        notice = min(n for n in INTERIM_NOTICES if days_left <= n)
        return f"{obj.school_year.label}-{obj.interim_stage}-J{notice}"

    def still_due(self, obj, occasion):
        # Nothing once every mission's note is written, or once the date has passed.
        upcoming = _upcoming(obj)
        stage = occasion.split("-")[2]
        return upcoming is not None and upcoming[0] == stage and bool(obj.interim_missing(stage))

    def select_for_mail(self, queryset):
        return queryset.select_related("teacher", "school", "school_year").prefetch_related(
            "parts__mission", "interim_reports"
        )

    def context(self, obj):
        stage, day = _upcoming(obj)
        return {
            "engagement": obj,
            "stage_label": InterimStage(stage).label,
            "day": day,
            "missions": obj.interim_missing(stage),
            "url": reverse("pacte_admin:reports", args=[obj.pk]),
        }


@register
class InterimReportDue(_InterimRule):
    code = "pacte_bilan_intermediaire"
    label = "Bilan intermédiaire du Pacte à écrire avant la date de l’année"
    template = "pacte/mails/bilan_intermediaire"

    def due(self, today):
        return interim_reports_due(today)

    def recipients(self, obj):
        person = user_recipient(obj.teacher)
        return [person] if person else []

    def subject(self, obj):
        _, day = _upcoming(obj)
        return f"Votre bilan intermédiaire du Pacte est à écrire avant le {day:%d/%m/%Y}"


@register
class InterimReportsMissing(_InterimRule):
    code = "pacte_bilans_intermediaires_direction"
    label = "Bilans intermédiaires du Pacte pas encore écrits (direction)"
    template = "pacte/mails/bilans_intermediaires_direction"
    personal_entry = False

    def due(self, today):
        return with_direction(interim_reports_due(today))

    def recipients(self, obj):
        return direction_recipients(obj.school)

    def subject(self, obj):
        name = obj.teacher.get_full_name() or obj.teacher.username
        return f"Bilan intermédiaire du Pacte pas encore écrit par {name}"

    def group_subject(self, objs):
        return f"{len(objs)} bilans intermédiaires du Pacte pas encore écrits"

    def intro(self, count):
        return (
            "Voici les enseignants de votre établissement dont le bilan intermédiaire du Pacte "
            "n’est pas encore écrit pour toutes leurs missions."
        )

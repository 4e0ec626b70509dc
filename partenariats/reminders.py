"""Reminder rules of the partnerships (see rappels/rules.py for the interface)."""

import datetime

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from rappels.recipients import rbde_recipients, user_recipient, with_rbdes
from rappels.rules import ReminderRule, register

from .models import Partnership, PartnershipStatus

CONVENTION_NOTICE_DAYS = 60
SILENCE_MONTHS = 6


def months_before(day: datetime.date, months: int) -> datetime.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for last_day in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last_day))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _url(partnership) -> str:
    # The partnership's page in the staff space (history, journal, reminders).
    try:
        return reverse("partenariats_admin:inspect", args=[partnership.pk])
    except NoReverseMatch:
        return ""


def _partnerships():
    return Partnership.objects.select_related("school", "company", "teacher")


@register
class ConventionEnding(ReminderRule):
    code = "partenariat_convention_fin"
    label = "Convention de partenariat se terminant dans moins de 60 jours"
    template = "partenariats/mails/convention_fin"
    personal_entry = False  # the template names the partnership, not the recipient

    def due(self, today):
        return with_rbdes(
            _partnerships()
            .exclude(status=PartnershipStatus.ENDED)
            .convention_ending_within(CONVENTION_NOTICE_DAYS, today=today)
            .order_by("pk")
        )

    def occasion(self, obj):
        # A convention extended to a new end date is a new occasion.
        return f"fin-{obj.convention_end.isoformat()}" if obj.convention_end else "sans-convention"

    def still_due(self, obj, occasion):
        # Extended, removed or ended since planning: no mail about the old end date.
        return obj.status != PartnershipStatus.ENDED and occasion == self.occasion(obj)

    def recipients(self, obj):
        people = rbde_recipients(obj.school)
        teacher = user_recipient(obj.teacher)
        return [*people, teacher] if teacher else people

    def select_for_mail(self, queryset):
        return queryset.select_related("school", "company", "teacher")

    def subject(self, obj):
        return f"La convention avec {obj.company.name} se termine le {obj.convention_end:%d/%m/%Y}"

    def context(self, obj):
        days_left = (obj.convention_end - timezone.localdate()).days
        return {"partnership": obj, "days_left": max(days_left, 0), "url": _url(obj)}


@register
class NoInteraction(ReminderRule):
    code = "partenariat_sans_interaction"
    label = "Partenariat sans interaction depuis 6 mois"
    template = "partenariats/mails/sans_interaction"
    personal_entry = False  # the template names the partnership, not the recipient

    def due(self, today):
        since = months_before(today, SILENCE_MONTHS)
        return with_rbdes(_partnerships().without_interaction_since(since).order_by("pk"))

    def quiet_since(self, obj) -> datetime.date:
        return obj.last_interaction_on or timezone.localdate(obj.created_at)

    def occasion(self, obj):
        # Once per silence: a new interaction starts a new one.
        return f"silence-depuis-{self.quiet_since(obj).isoformat()}"

    def still_due(self, obj, occasion):
        # An interaction logged since planning ends this silence.
        return obj.status != PartnershipStatus.ENDED and occasion == self.occasion(obj)

    def recipients(self, obj):
        teacher = user_recipient(obj.teacher)
        return [teacher] if teacher else rbde_recipients(obj.school)

    def select_for_mail(self, queryset):
        return queryset.select_related("school", "company", "teacher")

    def subject(self, obj):
        return f"Aucune nouvelle du partenariat avec {obj.company.name} depuis 6 mois"

    def context(self, obj):
        return {"partnership": obj, "quiet_since": self.quiet_since(obj), "url": _url(obj)}

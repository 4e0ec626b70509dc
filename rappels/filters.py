"""Filters of the staff list of reminders (django-filter, run in the database)."""

import django_filters
from wagtail.admin.filters import WagtailFilterSet

from etablissements.models import School

from .models import Reminder, ReminderStatus
from .rules import REGISTRY


def rule_choices():
    return sorted(((rule.code, rule.label) for rule in REGISTRY.values()), key=lambda c: c[1])


def _schools(request):
    if request is None:
        return School.objects.none()
    return School.objects.for_user(request.user).order_by("name")


class ReminderFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label="statut", choices=ReminderStatus.choices)
    rule_code = django_filters.ChoiceFilter(label="règle", choices=rule_choices)
    school = django_filters.ModelChoiceFilter(label="établissement", queryset=_schools)
    recipient_email = django_filters.CharFilter(label="destinataire", lookup_expr="icontains")

    class Meta:
        model = Reminder
        fields = ["status", "rule_code", "school", "recipient_email"]

"""Filters of the moderation queue (django-filter, run in the database)."""

import datetime

import django_filters
from django import forms
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet

from common.identifiers import parse_id
from etablissements.models import School

from .models import FollowUpStatus, SubmissionKind, SubmissionSchool, SubmissionStatus

ANSWER_CHOICES = [
    (value, label)
    for value, label in SubmissionStatus.choices
    if value != SubmissionStatus.WITHDRAWN
] + [("retiree", "retirée par l’entreprise")]

AGE_CHOICES = [
    ("7", "reçues il y a plus de 7 jours"),
    ("30", "reçues il y a plus de 30 jours"),
    ("90", "reçues il y a plus de 3 mois"),
]


def _schools(request):
    if request is None:
        return School.objects.none()
    return School.objects.for_user(request.user).order_by("name")


class ModerationFilterSet(WagtailFilterSet):
    school = django_filters.ModelChoiceFilter(label="établissement", queryset=_schools)
    kind = django_filters.ChoiceFilter(
        label="type", field_name="submission__kind", choices=SubmissionKind.choices
    )
    status = django_filters.ChoiceFilter(
        label="réponse",
        choices=ANSWER_CHOICES,
        method="filter_status",
        widget=forms.RadioSelect,
        empty_label="toutes",
    )
    age = django_filters.ChoiceFilter(
        label="ancienneté", choices=AGE_CHOICES, method="filter_age", empty_label="toutes"
    )
    followup = django_filters.ChoiceFilter(
        label="suivi des demandes de formation",
        field_name="submission__followup_status",
        choices=FollowUpStatus.choices,
    )
    before_parcoursup = django_filters.BooleanFilter(
        label="à transmettre avant l’offre Parcoursup de janvier",
        field_name="submission__before_parcoursup",
    )

    class Meta:
        model = SubmissionSchool
        fields = []

    def filter_status(self, queryset, name, value):
        if value == SubmissionStatus.WITHDRAWN:
            return queryset.filter(submission__status=SubmissionStatus.WITHDRAWN)
        return queryset.filter(status=value).exclude(submission__status=SubmissionStatus.WITHDRAWN)

    def filter_age(self, queryset, name, value):
        days = parse_id(value, maximum=36_500)
        if days is None:
            return queryset
        before = timezone.now() - datetime.timedelta(days=days)
        return queryset.filter(submission__created_at__lt=before)

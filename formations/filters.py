"""Filters of the public calendar (django-filter, evaluated in the database)."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.dateformat import format as date_format

from entreprises.validators import (
    NAF_SECTION_CHOICES,
    departement_from_postcode,
    postcode_in_departement,
)
from etablissements.models import Diploma, School
from etablissements.selectors import school_ids_named
from partenariats.models import Partnership, PartnershipStatus

from .calendar_cache import VERSION as CALENDAR_VERSION
from .models import TutorTraining


def month_choices(today: datetime.date | None = None, count: int = 12):
    month = (today or timezone.localdate()).replace(day=1)
    choices = []
    for _ in range(count):
        choices.append((f"{month:%Y-%m}", date_format(month, "F Y").capitalize()))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return choices


def _schools_with_sessions_to_come():
    return School.objects.filter(pk__in=TutorTraining.objects.upcoming().values("school_id"))


# This process's départements, per version of the sessions and per day (a DISTINCT over the
# schools with a session to come, at every calendar request otherwise).
_DEPARTEMENTS: dict = {}


def departement_choices():
    key = (CALENDAR_VERSION.current(), timezone.localdate())
    if key not in _DEPARTEMENTS:
        postcodes = _schools_with_sessions_to_come().values_list("postcode", flat=True).distinct()
        codes = sorted({departement_from_postcode(p) for p in postcodes} - {""})
        _DEPARTEMENTS.clear()
        _DEPARTEMENTS[key] = [(code, code) for code in codes]
    return _DEPARTEMENTS[key]


class TrainingCalendarFilter(django_filters.FilterSet):
    # A text, not a select: at the académie's size a select would offer some 2,000 lycées
    # (175 kB on a phone); "Tarbes" or "Lycée Gallieni" is quicker to type than to scroll to.
    school = django_filters.CharFilter(
        label="Lycée",
        method="filter_school",
        help_text="Son nom, sa ville ou son UAI, par exemple : Tarbes.",
    )
    departement = django_filters.ChoiceFilter(
        label="Département",
        choices=departement_choices,
        method="filter_departement",
        empty_label="Tous les départements",
    )
    diploma = django_filters.CharFilter(
        label="Diplôme",
        method="filter_diploma",
        help_text="Un mot de l’intitulé, le type ou le code BCN, par exemple : MELEC, CAP.",
    )
    month = django_filters.ChoiceFilter(
        label="Mois", choices=month_choices, method="filter_month", empty_label="Tous les mois"
    )

    class Meta:
        model = TutorTraining
        fields = ["school", "departement", "diploma", "month"]

    def filter_departement(self, queryset, name, value):
        return queryset.filter(postcode_in_departement(value, "school__postcode"))

    def filter_school(self, queryset, name, value):
        return queryset.filter(school_id__in=school_ids_named(value))

    def filter_diploma(self, queryset, name, value):
        """Sessions whose referential diplomas match by label, kind or BCN code."""
        words = value.split()
        if not words:
            return queryset
        diplomas = Diploma.objects.all()
        for word in words:
            diplomas = diplomas.filter(
                Q(label__icontains=word) | Q(kind__icontains=word) | Q(code=word)
            )
        # A subquery, not a join: the registration counts of the calendar stay right.
        through = TutorTraining.diplomas.through.objects.filter(diploma__in=diplomas)
        return queryset.filter(pk__in=through.values("tutortraining_id"))

    def filter_month(self, queryset, name, value):
        try:
            year, month = (int(part) for part in value.split("-"))
        except ValueError:
            return queryset.none()
        return queryset.filter(starts_at__year=year, starts_at__month=month)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "fr-select")
            else:
                field.widget.attrs.setdefault("class", "fr-input")


INVITEE_LABELS = [("cmq", "Campus des métiers et des qualifications"), ("ptech", "P-TECH")]


class InviteeFilterSet(django_filters.FilterSet):
    """The school's partners an event may invite, by status, sector and label."""

    status = django_filters.ChoiceFilter(
        label="statut du partenariat", choices=PartnershipStatus.choices, empty_label="tous"
    )
    sector = django_filters.ChoiceFilter(
        label="secteur (section NAF)",
        field_name="company__naf_section",
        choices=NAF_SECTION_CHOICES,
        empty_label="tous",
    )
    label = django_filters.ChoiceFilter(
        label="label", choices=INVITEE_LABELS, method="filter_label", empty_label="tous"
    )

    class Meta:
        model = Partnership
        fields = ["status", "sector", "label"]

    def filter_label(self, queryset, name, value):
        return queryset.filter(**{f"company__label_{value}": True})

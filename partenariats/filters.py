"""Filters of the staff lists (django-filter, run in the database)."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import AdminDateInput

from common.dates import day_start
from common.identifiers import parse_id
from entreprises.validators import NAF_SECTION_CHOICES
from etablissements.admin_views import PersonChoiceField
from etablissements.models import School
from etablissements.querysets import is_academy_admin, teachers_for
from etablissements.selectors import school_ids_named

from .models import Partnership, PartnershipStatus


def _teachers(request):
    if request is None:
        return get_user_model().objects.none()
    return teachers_for(request.user)


class TeacherFilter(django_filters.ModelChoiceFilter):
    field_class = PersonChoiceField


LABEL_CHOICES = [("cmq", "Campus des métiers et des qualifications"), ("ptech", "P-TECH")]


def _schools(request):
    if request is None:
        return School.objects.none()
    return School.objects.for_user(request.user).order_by("name")


class PartnershipFilterSet(WagtailFilterSet):
    school = django_filters.ModelChoiceFilter(label="établissement", queryset=_schools)
    status = django_filters.ChoiceFilter(
        label="statut",
        choices=PartnershipStatus.choices,
        widget=forms.RadioSelect,
        empty_label="tous",
    )
    sector = django_filters.ChoiceFilter(
        label="secteur (section NAF)",
        field_name="company__naf_section",
        choices=NAF_SECTION_CHOICES,
    )
    departement = django_filters.CharFilter(
        label="département",
        method="filter_departement",
        help_text="Par exemple 31, 2A ou 971.",
    )
    town = django_filters.CharFilter(
        label="commune", field_name="company__town", lookup_expr="iexact"
    )
    label = django_filters.ChoiceFilter(
        label="label", choices=LABEL_CHOICES, method="filter_label", empty_label="tous"
    )
    teacher = TeacherFilter(label="enseignant qui suit", queryset=_teachers)
    convention_end_before = django_filters.DateFilter(
        label="convention se terminant au plus tard le",
        field_name="convention_end",
        lookup_expr="lte",
        widget=AdminDateInput,
    )
    convention_end_after = django_filters.DateFilter(
        label="convention se terminant au plus tôt le",
        field_name="convention_end",
        lookup_expr="gte",
        widget=AdminDateInput,
    )
    no_interaction_since = django_filters.DateFilter(
        label="sans interaction depuis le",
        method="filter_no_interaction_since",
        widget=AdminDateInput,
        help_text="Partenariats en cours sans aucune interaction notée depuis cette date.",
    )
    created_since = django_filters.DateFilter(
        label="créé depuis le", method="filter_created_since", widget=AdminDateInput
    )

    class Meta:
        model = Partnership
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        if request is not None and is_academy_admin(request.user):
            # Above schools, a list of 2,100 schools weighs seconds: a text box instead (the
            # dashboard's links still pass a school's id).
            self.filters["school"] = django_filters.CharFilter(
                label="établissement",
                method="filter_school_text",
                help_text="Nom, commune ou code UAI.",
            )
            self.filters["teacher"] = django_filters.CharFilter(
                label="enseignant qui suit",
                method="filter_teacher_text",
                help_text="Nom ou identifiant de l’enseignant.",
            )
            for name in ("school", "teacher"):
                self.filters[name].parent = self
                self.filters[name].model = Partnership

    def filter_school_text(self, queryset, name, value):
        if not value.strip():
            return queryset
        return queryset.filter(school_id__in=school_ids_named(value))

    def filter_teacher_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if (teacher_id := parse_id(value)) is not None:
            return queryset.filter(teacher_id=teacher_id)
        return queryset.filter(
            Q(teacher__last_name__icontains=value)
            | Q(teacher__first_name__icontains=value)
            | Q(teacher__username__iexact=value)
        )

    def filter_departement(self, queryset, name, value):
        # The codes are kept in capitals: an equality that PostgreSQL estimates from the
        # column's statistics. `iexact` (UPPER(…) = …) was guessed at 500 of 100,000 companies
        # where the 31 holds 6,300, and all of them were read before the school's 600
        # partnerships (50 ms at national size, bench/lists.py; 1 ms now).
        value = value.strip().upper()
        return queryset.filter(company__departement=value) if value else queryset

    def filter_label(self, queryset, name, value):
        if value == "cmq":
            return queryset.filter(company__label_cmq=True)
        if value == "ptech":
            return queryset.filter(company__label_ptech=True)
        return queryset

    def filter_created_since(self, queryset, name, value):
        # A bound on the column itself (not on its date) keeps the index usable.
        start = day_start(value)
        return queryset.filter(created_at__gte=start)

    def filter_no_interaction_since(self, queryset, name, value):
        return queryset.without_interaction_since(value)

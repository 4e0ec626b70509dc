"""List filters (django-filter): the admin lists and the public directory, all run in the DB."""

import django_filters
from django import forms
from django.db.models import Q
from dsfr.forms import DsfrBaseForm
from wagtail.admin.filters import WagtailFilterSet

from etablissements.models import School
from etablissements.selectors import whole_uai

from .models import Company, Contact, ContactRole, SizeBand
from .validators import NAF_SECTION_CHOICES

LABEL_CHOICES = [("cmq", "Campus des métiers et des qualifications"), ("ptech", "P-TECH")]


def filter_label(queryset, name, value):
    if value == "cmq":
        return queryset.filter(label_cmq=True)
    if value == "ptech":
        return queryset.filter(label_ptech=True)
    return queryset


def filter_town(queryset, name, value):
    return queryset.filter(town__istartswith=value.strip()) if value.strip() else queryset


def filter_departement(queryset, name, value):
    value = value.strip().upper()
    return queryset.filter(departement=value) if value else queryset


class CompanyFilterSet(WagtailFilterSet):
    naf_section = django_filters.ChoiceFilter(
        label="secteur (section NAF)", choices=NAF_SECTION_CHOICES, widget=forms.Select
    )
    departement = django_filters.CharFilter(
        label="département", method=filter_departement, help_text="Par exemple 31, 2A ou 974."
    )
    town = django_filters.CharFilter(label="commune", method=filter_town)
    label = django_filters.ChoiceFilter(
        label="label", choices=LABEL_CHOICES, method=filter_label, empty_label="tous"
    )
    size_band = django_filters.ChoiceFilter(
        label="effectif", choices=SizeBand.choices, widget=forms.Select
    )
    public_listing = django_filters.BooleanFilter(label="dans l’annuaire public")
    closed = django_filters.BooleanFilter(
        label="établissement fermé (selon l’annuaire des entreprises)",
        field_name="closed_on",
        lookup_expr="isnull",
        exclude=True,
    )

    doublon_probable = django_filters.BooleanFilter(
        label="doublon probable (même nom au même code postal)", method="filter_namesakes"
    )

    class Meta:
        model = Company
        fields = [
            "naf_section",
            "departement",
            "town",
            "label",
            "size_band",
            "public_listing",
            "closed",
            "doublon_probable",
        ]

    def filter_namesakes(self, queryset, name, value):
        if value is None:
            return queryset
        user = getattr(self.request, "user", None)
        duplicates = queryset.with_namesake_in(Company.objects.for_user(user))
        return duplicates if value else queryset.exclude(pk__in=duplicates.values("pk"))


class ContactFilterSet(WagtailFilterSet):
    role = django_filters.ChoiceFilter(label="rôle", choices=ContactRole.choices)

    class Meta:
        model = Contact
        fields = ["role"]


class PublicCompanyFilterSet(django_filters.FilterSet):
    """The public directory's filters; `school` lists schools, never people."""

    naf_section = django_filters.ChoiceFilter(
        label="Secteur d’activité", choices=NAF_SECTION_CHOICES, empty_label="Tous les secteurs"
    )
    departement = django_filters.CharFilter(
        label="Département", method=filter_departement, help_text="Par exemple 31 ou 2A."
    )
    town = django_filters.CharFilter(label="Commune", method=filter_town)
    label = django_filters.ChoiceFilter(
        label="Label", choices=LABEL_CHOICES, method=filter_label, empty_label="Tous"
    )
    # A text box, not a list: 2,100 schools in a <select> weigh seconds to render and to scroll.
    school = django_filters.CharFilter(
        label="Lycée partenaire",
        method="filter_school",
        help_text="Nom, commune ou code UAI du lycée.",
    )
    diploma = django_filters.CharFilter(
        label="Diplôme préparé au lycée partenaire",
        method="filter_diploma",
        help_text="Un mot de l’intitulé, le type ou le code BCN, par exemple : MELEC, CAP.",
    )

    class Meta:
        model = Company
        fields = ["naf_section", "departement", "town", "label", "school", "diploma"]
        form = DsfrBaseForm

    def filter_school(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        uai = whole_uai(value)
        if uai:
            return _partners_of(queryset, School.objects.filter(uai=uai))
        schools = School.objects.filter(
            Q(name__icontains=value) | Q(town__iexact=value) | Q(uai__iexact=value)
        )
        return _partners_of(queryset, schools)

    def filter_diploma(self, queryset, name, value):
        """Partners of schools preparing a diploma of the referential that matches."""
        value = value.strip()
        if not value:
            return queryset
        schools = School.objects.filter(
            Q(diplomas__diploma__label__icontains=value)
            | Q(diplomas__diploma__kind__iexact=value)
            | Q(diplomas__diploma__code=value)
            | Q(diplomas__name__icontains=value)
        )
        return _partners_of(queryset, schools)


def _partners_of(queryset, schools):
    """Companies with a partnership (not ended) with one of these schools. The schools' ids are
    read first (2,100 rows at most): given as values, the planner reads the partnerships of those
    schools by their index instead of scanning them all for a sub-select it cannot estimate."""
    school_ids = sorted(set(schools.order_by().values_list("pk", flat=True)))
    if not school_ids:
        return queryset.none()
    return queryset.partners_of(school_ids)

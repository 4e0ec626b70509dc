"""Filters of the staff list of mails (django-filter, run in the database)."""

import django_filters
from wagtail.admin.filters import WagtailFilterSet

from etablissements.models import School
from etablissements.querysets import is_academy_admin
from etablissements.selectors import school_ids_named

from .models import Email, EmailStatus


def _schools(request):
    if request is None:
        return School.objects.none()
    return School.objects.for_user(request.user).order_by("name")


class EmailFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label="statut", choices=EmailStatus.choices)
    school = django_filters.ModelChoiceFilter(label="établissement", queryset=_schools)
    to_email = django_filters.CharFilter(label="destinataire", lookup_expr="icontains")
    subject = django_filters.CharFilter(label="objet", lookup_expr="icontains")

    class Meta:
        model = Email
        fields = ["status", "school", "to_email", "subject"]

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        if request is not None and is_academy_admin(request.user):
            # Above schools, a list of 2,100 schools weighs most of the page (as on the
            # partnership list): a text box instead, which still takes a school's id.
            self.filters["school"] = django_filters.CharFilter(
                label="établissement",
                method="filter_school_text",
                help_text="Nom, commune ou code UAI.",
            )
            self.filters["school"].parent = self
            self.filters["school"].model = Email

    def filter_school_text(self, queryset, name, value):
        if not value.strip():
            return queryset
        return queryset.filter(school_id__in=school_ids_named(value))

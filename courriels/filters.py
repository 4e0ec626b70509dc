"""Filters of the staff list of mails (django-filter, run in the database)."""

import django_filters
from wagtail.admin.filters import WagtailFilterSet

from etablissements.models import School

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

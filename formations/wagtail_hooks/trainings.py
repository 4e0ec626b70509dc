"""Admin screens of the tutor trainings and their registrations."""

import django_filters
from django.urls import reverse
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import AdminDateInput

from common.admin_filters import LinkedFilterSet
from etablissements.admin_views import ScopedModelViewSet, refuse_generic_actions

from .. import admin_views, services
from ..admin_forms import (
    TutorTrainingAdminForm,
)
from ..models import (
    Registration,
    RegistrationStatus,
    TutorTraining,
)
from .shared import _schools

# Tutors register on the calendar or on site (« Ajouter sur place »); a registration is
# cancelled (its status, which mails the tutor and frees the place), never deleted.
refuse_generic_actions(Registration, "add", "delete")


# Tutor trainings ----------------------------------------------------------------------------


class TrainingFilterSet(LinkedFilterSet):
    school = django_filters.ModelChoiceFilter(label="établissement", queryset=_schools)
    upcoming = django_filters.BooleanFilter(
        label="à venir", field_name="starts_at", method="filter_upcoming"
    )
    starts_after = django_filters.DateFilter(
        label="commençant au plus tôt le",
        field_name="starts_at",
        lookup_expr="date__gte",
        widget=AdminDateInput,
    )
    starts_before = django_filters.DateFilter(
        label="commençant au plus tard le",
        field_name="starts_at",
        lookup_expr="date__lte",
        widget=AdminDateInput,
    )
    attendance_missing = django_filters.ChoiceFilter(
        label="présences",
        choices=[("true", "à relever (session passée)")],
        empty_label="toutes",
        method="filter_attendance_missing",
    )
    link_filters = {"leader": "leaders"}  # noqa: RUF012

    class Meta:
        model = TutorTraining
        fields = []

    def filter_upcoming(self, queryset, name, value):
        return queryset.upcoming() if value else queryset.past()

    def filter_attendance_missing(self, queryset, name, value):
        return queryset.past().attendance_missing() if value == "true" else queryset


def places(training):
    text = f"{training.places_taken} / {training.capacity}"
    return f"{text} (+{training.waiting_count} en attente)" if training.waiting_count else text


def feedback(training):
    if not training.feedback_count:
        return ""
    return f"{training.feedback_average:.1f} / 5 ({training.feedback_count} avis)".replace(".", ",")


class TutorTrainingViewSet(ScopedModelViewSet):
    model = TutorTraining
    icon = "group"
    menu_label = "Formations des tuteurs"
    name = "formations_sessions"
    url_prefix = "formations/sessions"
    index_view_class = admin_views.TrainingIndexView
    add_view_class = admin_views.TrainingCreateView
    edit_view_class = admin_views.TrainingEditView
    delete_service = staticmethod(services.training_delete)
    service_errors = (services.FormationError,)
    filterset_class = TrainingFilterSet
    list_select_related = ["school"]
    list_per_page = 50
    ordering = "-starts_at"
    search_fields = ["title", "diplomas__label"]
    list_display = [
        "title",
        "starts_at",
        Column("school", label="Établissement", accessor="school.name"),
        Column("places", label="Places prises", accessor=places),
        Column("feedback", label="Avis des tuteurs", accessor=feedback),
        admin_views.LinkColumn(
            "attendance",
            label="Présences",
            link_text="Feuille de présence",
            accessor=lambda t: reverse("formations:attendance_sheet", args=[t.pk]),
        ),
    ]
    list_export = ["title", "school.name", "starts_at", "ends_at", "where", "capacity"]
    export_headings = {
        "title": "Intitulé",
        "school.name": "Établissement",
        "starts_at": "Début",
        "ends_at": "Fin",
        "where": "Lieu",
        "capacity": "Places",
    }
    edit_handler = ObjectList(
        [
            FieldPanel("school"),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
            MultiFieldPanel(
                [FieldPanel("place"), FieldPanel("remote_url")], heading="Lieu ou visioconférence"
            ),
            FieldPanel("capacity"),
            FieldPanel("leaders"),
            FieldPanel("topics"),
            FieldPanel("diplomas"),
            FieldPanel("description"),
        ],
        base_form_class=TutorTrainingAdminForm,
    )


class RegistrationFilterSet(LinkedFilterSet):
    link_filters = {"training": "training"}  # noqa: RUF012
    status = django_filters.ChoiceFilter(
        label="statut", choices=RegistrationStatus.choices, empty_label="tous"
    )

    class Meta:
        model = Registration
        fields = []


class RegistrationViewSet(ScopedModelViewSet):
    """Who registered, waited, came: the figures of the teacher's Pacte mission."""

    model = Registration
    # No « Copier »: a registration is one person's: a copy would duplicate their data.
    copy_view_enabled = False
    icon = "user"
    menu_label = "Inscriptions des tuteurs"
    name = "formations_inscriptions"
    url_prefix = "formations/inscriptions"
    edit_view_class = admin_views.RegistrationEditView
    filterset_class = RegistrationFilterSet
    list_select_related = ["training", "contact__company"]
    list_per_page = 50
    ordering = "-training__starts_at"
    search_fields = ["contact__last_name", "contact__company__name"]
    list_display = [
        Column("tutor", label="Tuteur", accessor="contact"),
        Column("company", label="Entreprise", accessor="contact.company.name"),
        Column("training", label="Session", accessor="training"),
        "status",
        "waiting_position",
        "student_diploma",
    ]
    list_export = [
        "contact.last_name",
        "contact.first_name",
        "contact.company.name",
        "contact.company.siret",
        "training.title",
        "training.starts_at",
        "get_status_display",
    ]
    export_headings = {
        "contact.last_name": "Nom",
        "contact.first_name": "Prénom",
        "contact.company.name": "Entreprise",
        "contact.company.siret": "SIRET",
        "training.title": "Session",
        "training.starts_at": "Date",
        "get_status_display": "Statut",
    }
    form_fields = ["student_diploma"]

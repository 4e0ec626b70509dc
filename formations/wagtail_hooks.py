"""Staff screens: sessions, registrations, mentoring pairs and check-ins, events and invitations.

Every list starts from `for_user` (ScopedModelViewSet): a school's staff see their school only.
"""

import django_filters
from django import forms
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets import AdminDateInput

from etablissements.admin_views import ScopedModelViewSet
from etablissements.models import School
from offres.mentoring import MENTORING_MIN_HOURS_PER_MONTH as MIN_HOURS

from . import admin_views, dashboard
from .admin_forms import (
    EventAdminForm,
    MentoringPairAdminForm,
    MonthlyCheckInAdminForm,
    TutorTrainingAdminForm,
)
from .models import (
    Event,
    Invitation,
    MentoringPair,
    MonthlyCheckIn,
    Registration,
    RegistrationStatus,
    RsvpStatus,
    TutorTraining,
)


def _schools(request):
    if request is None:
        return School.objects.none()
    return School.objects.for_user(request.user).order_by("name")


def person_name(user):
    return (user.get_full_name() or user.get_username()) if user else ""


# Tutor trainings ----------------------------------------------------------------------------


class TrainingFilterSet(WagtailFilterSet):
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
    leader = django_filters.NumberFilter(
        field_name="leaders", label="animée par (n°)", widget=forms.HiddenInput
    )

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


class RegistrationFilterSet(WagtailFilterSet):
    training = django_filters.NumberFilter(
        field_name="training", label="n° de la session", widget=forms.HiddenInput
    )
    status = django_filters.ChoiceFilter(
        label="statut", choices=RegistrationStatus.choices, empty_label="tous"
    )

    class Meta:
        model = Registration
        fields = []


class RegistrationViewSet(ScopedModelViewSet):
    """Who registered, waited, came: the figures of the teacher's Pacte mission."""

    model = Registration
    icon = "user"
    menu_label = "Inscriptions des tuteurs"
    name = "formations_inscriptions"
    url_prefix = "formations/inscriptions"
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


# Mentoring ----------------------------------------------------------------------------------


class MentoringPairViewSet(ScopedModelViewSet):
    model = MentoringPair
    icon = "link"
    menu_label = "Binômes de mentorat"
    name = "formations_mentorat"
    url_prefix = "formations/mentorat"
    index_view_class = admin_views.PairIndexView
    add_view_class = admin_views.PairCreateView
    edit_view_class = admin_views.PairEditView
    list_select_related = ["school", "mentor__company", "teacher"]
    list_filter = ["mode", "framing_kind"]
    list_per_page = 50
    ordering = "-start_date"
    search_fields = ["student_first_name", "student_class", "mentor__last_name"]
    list_display = [
        "student_first_name",
        "student_class",
        Column("mentor", label="Mentor", accessor="mentor"),
        "start_date",
        "planned_end",
        Column("hours", label="Heures saisies", accessor="total_hours"),
        Column("under", label="Mois sous 2 h", accessor="months_under_minimum"),
        Column("teacher", label="Suivi par", accessor=lambda p: person_name(p.teacher)),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("school"),
            FieldPanel("offer"),
            FieldPanel("mentor"),
            FieldRowPanel([FieldPanel("student_first_name"), FieldPanel("student_class")]),
            FieldRowPanel([FieldPanel("framing_kind"), FieldPanel("framing_name")]),
            FieldPanel("mode"),
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("planned_end")]),
            FieldPanel("ended_on"),
            FieldPanel("teacher"),
        ],
        base_form_class=MentoringPairAdminForm,
    )


class CheckInFilterSet(WagtailFilterSet):
    pair = django_filters.NumberFilter(
        field_name="pair", label="n° du binôme", widget=forms.HiddenInput
    )
    below = django_filters.BooleanFilter(
        label="moins de 2 h", field_name="hours", method="filter_below"
    )

    class Meta:
        model = MonthlyCheckIn
        fields = []

    def filter_below(self, queryset, name, value):
        return queryset.below_minimum() if value else queryset.exclude(hours__lt=MIN_HOURS)


def below_flag(checkin):
    return "moins de 2 h" if checkin.below_two_hours else ""


class MonthlyCheckInViewSet(ScopedModelViewSet):
    model = MonthlyCheckIn
    icon = "time"
    menu_label = "Points mensuels du mentorat"
    name = "formations_points"
    url_prefix = "formations/points-mensuels"
    index_view_class = admin_views.CheckInIndexView
    add_view_class = admin_views.CheckInCreateView
    edit_view_class = admin_views.CheckInEditView
    filterset_class = CheckInFilterSet
    list_select_related = ["pair__mentor", "entered_by"]
    list_per_page = 50
    ordering = "-month"
    list_display = [
        Column("pair", label="Binôme", accessor="pair"),
        "month",
        "hours",
        Column("below", label="Règle des 2 h", accessor=below_flag),
        "note",
    ]
    edit_handler = ObjectList(
        [FieldPanel("pair"), FieldPanel("month"), FieldPanel("hours"), FieldPanel("note")],
        base_form_class=MonthlyCheckInAdminForm,
    )


# Partner events -----------------------------------------------------------------------------


def event_counts(event):
    return f"{event.invited_count} invités, {event.yes_count} oui, {event.attended_count} venus"


class EventViewSet(ScopedModelViewSet):
    model = Event
    icon = "date"
    menu_label = "Événements partenaires"
    name = "formations_evenements"
    url_prefix = "formations/evenements"
    index_view_class = admin_views.EventIndexView
    list_select_related = ["school"]
    list_filter = ["kind"]
    list_per_page = 50
    ordering = "-starts_at"
    list_display = [
        "title",
        "kind",
        "starts_at",
        Column("counts", label="Invitations", accessor=event_counts),
        admin_views.LinkColumn(
            "invite",
            label="Inviter",
            link_text="Inviter des partenaires",
            accessor=lambda e: reverse("formations_event_invite", args=[e.pk]),
        ),
        admin_views.LinkColumn(
            "invitations",
            label="Réponses et présences",
            link_text="Invitations",
            accessor=lambda e: reverse("formations_invitations:index") + f"?event={e.pk}",
        ),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("school"),
            FieldPanel("kind"),
            FieldPanel("title"),
            FieldPanel("starts_at"),
            FieldPanel("place"),
            FieldPanel("organisers"),
            FieldPanel("description"),
        ],
        base_form_class=EventAdminForm,
    )


class InvitationFilterSet(WagtailFilterSet):
    event = django_filters.NumberFilter(
        field_name="event", label="n° de l’événement", widget=forms.HiddenInput
    )
    rsvp = django_filters.ChoiceFilter(
        label="réponse", choices=RsvpStatus.choices, empty_label="toutes"
    )

    class Meta:
        model = Invitation
        fields = []


class InvitationViewSet(ScopedModelViewSet):
    """Answers (RSVP) and, afterwards, who came."""

    model = Invitation
    icon = "mail"
    menu_label = "Invitations"
    name = "formations_invitations"
    url_prefix = "formations/invitations"
    filterset_class = InvitationFilterSet
    list_select_related = ["event", "company"]
    list_per_page = 50
    ordering = "company__name"
    list_display = [
        Column("company", label="Entreprise", accessor="company.name"),
        "email",
        Column("event", label="Événement", accessor="event"),
        "rsvp",
        "attended",
    ]
    list_export = ["company.name", "email", "event.title", "get_rsvp_display", "attended"]
    export_headings = {
        "company.name": "Entreprise",
        "email": "Courriel",
        "event.title": "Événement",
        "get_rsvp_display": "Réponse",
        "attended": "Présent",
    }
    form_fields = ["attended"]


class FormationsGroup(ViewSetGroup):
    menu_label = "Formations et mentorat"
    menu_icon = "group"
    menu_order = 250
    items = (
        TutorTrainingViewSet,
        RegistrationViewSet,
        MentoringPairViewSet,
        MonthlyCheckInViewSet,
        EventViewSet,
        InvitationViewSet,
    )


@hooks.register("register_admin_viewset")
def register_viewsets():
    return FormationsGroup()


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path(
            "formations/evenements/<int:pk>/inviter/",
            admin_views.EventInviteView.as_view(),
            name="formations_event_invite",
        ),
        path(
            "formations/mentorat/depuis-une-offre/",
            admin_views.PairsFromOfferView.as_view(),
            name="formations_pairs_from_offer",
        ),
    ]


class AttendanceMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("formations.view_tutortraining")


@hooks.register("register_admin_menu_item")
def register_attendance_menu_item():
    return AttendanceMenuItem(
        "Mes feuilles de présence",
        reverse("formations:staff_trainings"),
        icon_name="tasks",
        order=251,
    )


@hooks.register("register_todo_lines")
def training_todo_lines(user, roles, today):
    return dashboard.todo_lines(user, roles, today)

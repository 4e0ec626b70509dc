"""Admin screens of the partner events and their invitations."""

import django_filters
from django.urls import reverse
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column

from common.admin_filters import LinkedFilterSet
from common.wording import count_text
from etablissements.admin_views import ScopedModelViewSet, refuse_generic_actions

from .. import admin_views, services
from ..admin_forms import (
    EventAdminForm,
)
from ..models import (
    Event,
    Invitation,
    RsvpStatus,
)

# Partners are invited from the event (« Inviter les partenaires »), which mails them; an
# invitation stays as the record of who was asked and who came.
refuse_generic_actions(Invitation, "add", "delete")


# Partner events -----------------------------------------------------------------------------


def event_counts(event):
    invited = count_text(event.invited_count, "invité", "invités")
    came = count_text(event.attended_count, "venu", "venus")
    return f"{invited}, {event.yes_count} oui, {came}"


class EventViewSet(ScopedModelViewSet):
    model = Event
    icon = "date"
    menu_label = "Événements partenaires"
    name = "formations_evenements"
    url_prefix = "formations/evenements"
    index_view_class = admin_views.EventIndexView
    add_view_class = admin_views.EventCreateView
    edit_view_class = admin_views.EventEditView
    delete_service = staticmethod(services.event_delete)
    service_errors = (services.FormationError,)
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


class InvitationFilterSet(LinkedFilterSet):
    link_filters = {"event": "event"}  # noqa: RUF012
    rsvp = django_filters.ChoiceFilter(
        label="réponse", choices=RsvpStatus.choices, empty_label="toutes"
    )

    class Meta:
        model = Invitation
        fields = []


class InvitationViewSet(ScopedModelViewSet):
    """Answers (RSVP) and, afterwards, who came."""

    model = Invitation
    # No « Copier »: an invitation is one person's.
    copy_view_enabled = False
    icon = "mail"
    menu_label = "Invitations"
    name = "formations_invitations"
    url_prefix = "formations/invitations"
    edit_view_class = admin_views.InvitationEditView
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

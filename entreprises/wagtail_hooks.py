from django import forms
from django.urls import path
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column

from etablissements.admin_views import ScopedModelViewSet, refuse_generic_actions

from . import admin_views, dashboard
from .filters import ContactFilterSet
from .forms import ContactForm
from .models import Contact

# A person is erased (« Effacer ses données », RGPD: anonymised and logged), not deleted:
# the registrations, proposals and journal entries that name them keep their row.
refuse_generic_actions(Contact, "delete")


class ContactViewSet(ScopedModelViewSet):
    model = Contact
    icon = "user"
    menu_label = "Contacts"
    menu_order = 210
    add_to_admin_menu = True
    index_view_class = admin_views.ContactIndexView
    add_view_class = admin_views.ContactCreateView
    edit_view_class = admin_views.ContactEditView
    inspect_view_class = admin_views.ContactInspectView
    inspect_view_enabled = True
    # Through an edit handler so that ContactForm (choices limited to the user's schools) is used.
    edit_handler = ObjectList(
        [
            # A plain list of the school's partner companies, not the portal-wide chooser.
            FieldPanel("company", widget=forms.Select),
        ]
        + [
            FieldPanel(name)
            for name in (
                "schools",
                "first_name",
                "last_name",
                "role",
                "job_title",
                "email",
                "phone",
                "consent_given_at",
                "consent_method",
                "consent_purpose",
            )
        ],
        base_form_class=ContactForm,
    )
    list_display = [
        "last_name",
        "first_name",
        "company",
        "role",
        "email",
        "phone",
        Column("confirmation_display", label="Confirmation", sort_key="confirmed_at"),
    ]
    list_select_related = ["company"]
    filterset_class = ContactFilterSet
    search_fields = ["first_name", "last_name", "email", "company__name"]
    search_backend_name = None
    ordering = ["last_name", "first_name"]
    list_per_page = 50
    list_export = [
        "last_name",
        "first_name",
        "company",
        "role",
        "job_title",
        "email",
        "phone",
        "consent_given_at",
        "consent_method",
    ]
    export_filename = "contacts"
    inspect_view_fields = [
        "company",
        "first_name",
        "last_name",
        "role",
        "job_title",
        "email",
        "phone",
        "consent_given_at",
        "consent_method",
        "consent_recorded_by",
        "consent_purpose",
        "last_activity_at",
        "confirmed_at",
        "confirmed_by",
        "created_at",
    ]
    copy_view_enabled = False

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("confirmer/<int:pk>/", admin_views.ContactConfirmView.as_view(), name="confirm"),
            path("donnees/<int:pk>/", admin_views.contact_export_view, name="export"),
            path("effacer/<int:pk>/", admin_views.ContactEraseView.as_view(), name="erase"),
        ]


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [
        ContactViewSet("contact", url_prefix="contacts", url_namespace=admin_views.CONTACT_NS),
    ]


@hooks.register("register_todo_lines")
def duplicates_todo_lines(user, roles, today):
    return dashboard.todo_lines(user, roles, today)

from django import forms
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn

from etablissements.admin_views import ScopedModelViewSet

from . import admin_views, dashboard
from .filters import CompanyFilterSet, ContactFilterSet
from .forms import CompanyForm, ContactForm
from .models import Company, Contact


class FormOnlyFieldPanel(FieldPanel):
    """A panel for a field the form declares itself (not a model field)."""

    def get_form_options(self):
        return {}


COMPANY_EXPORT = [
    "siret",
    "name",
    "naf_code",
    "naf_section",
    "size_band",
    "address",
    "postcode",
    "town",
    "departement",
    "website",
    "label_cmq",
    "label_ptech",
    "public_listing",
]


class CompanyViewSet(ScopedModelViewSet):
    model = Company
    icon = "site"
    menu_label = "Entreprises"
    menu_order = 200
    add_to_admin_menu = True
    index_view_class = admin_views.CompanyIndexView
    add_view_class = admin_views.CompanyCreateView
    inspect_view_class = admin_views.CompanyInspectView
    inspect_view_enabled = True
    # The form class must go through the edit handler: with panels, Wagtail ignores form_class.
    edit_handler = ObjectList(
        [
            FieldPanel("siret"),
            FieldPanel("name"),
            FormOnlyFieldPanel("confirm_duplicate"),
            FieldPanel("naf_code"),
            FieldPanel("size_band"),
            FieldPanel("address"),
            FieldPanel("postcode"),
            FieldPanel("town"),
            FieldPanel("website"),
            FieldPanel("label_cmq"),
            FieldPanel("label_ptech"),
            FieldPanel("public_listing"),
            FieldPanel("latitude"),
            FieldPanel("longitude"),
        ],
        base_form_class=CompanyForm,
    )
    # A click on the name opens the record (contacts, partnerships, roadmap, journal), not a form.
    list_display = [
        TitleColumn(
            "name",
            label="Raison sociale",
            sort_key="name",
            get_url=lambda company: reverse("entreprises_admin:inspect", args=[company.pk]),
        ),
        "siret",
        "town",
        "departement",
        "naf_code",
        "size_band",
    ]
    filterset_class = CompanyFilterSet
    search_fields = ["name", "siret", "town"]
    search_backend_name = None
    ordering = ["name"]
    list_per_page = 50
    list_export = COMPANY_EXPORT
    export_filename = "entreprises"
    # The export's fields, with the SIREN beside the SIRET and the registry's dates.
    inspect_view_fields = [
        "siret",
        "siren",
        *COMPANY_EXPORT[1:],
        "closed_on",
        "registry_checked_at",
        "created_at",
    ]
    copy_view_enabled = False

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("rattacher/<int:pk>/", admin_views.CompanyAttachView.as_view(), name="attach"),
            path("fusionner/<int:pk>/", admin_views.CompanyMergeView.as_view(), name="merge"),
            path("importer/", admin_views.CompanyImportView.as_view(), name="import"),
            path(
                "importer/modele.<str:file_format>",
                admin_views.import_template_view,
                name="import_template",
            ),
        ]


class ContactViewSet(ScopedModelViewSet):
    model = Contact
    icon = "user"
    menu_label = "Contacts"
    menu_order = 210
    add_to_admin_menu = True
    index_view_class = admin_views.ContactIndexView
    add_view_class = admin_views.ContactCreateView
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
        CompanyViewSet(
            "entreprise", url_prefix="entreprises", url_namespace=admin_views.COMPANY_NS
        ),
        ContactViewSet("contact", url_prefix="contacts", url_namespace=admin_views.CONTACT_NS),
    ]


@hooks.register("register_todo_lines")
def duplicates_todo_lines(user, roles, today):
    return dashboard.todo_lines(user, roles, today)

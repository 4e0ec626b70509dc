"""The staff's company screens (list, record, create, attach, merge, import), in partenariats.

They show and write what of a company belongs to the user's schools: its partnerships, roadmap
and journal on the record; a prospect partnership for the RBDE's school on creation, attachment
and import; partnerships moved or folded by a merge. So they sit above `entreprises`, which owns
the company records themselves (layers in pyproject). Their URLs, names and templates are those
they had in entreprises (`entreprises_admin:…`, templates/entreprises/admin/).
"""

from django.urls import path, reverse
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import TitleColumn

from entreprises.admin_views import COMPANY_NS
from entreprises.filters import CompanyFilterSet
from entreprises.forms import CompanyForm
from entreprises.models import Company
from etablissements.admin_views import ScopedModelViewSet, refuse_generic_actions

from ..admin_views import companies as views
from ..admin_views import company_import

# A record is folded into another by the merge (« Fusionner »), never deleted: partnerships,
# journals and registrations point at it.
refuse_generic_actions(Company, "delete")


class FormOnlyFieldPanel(FieldPanel):
    """A panel for a field the form declares itself (not a model field).

    It claims its field (a declared field may be listed in a model form's fields): unclaimed,
    Wagtail would render it a second time after the panels, with the same id.
    """

    def get_form_options(self):
        return {"fields": [self.field_name]}


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
    index_view_class = views.CompanyIndexView
    add_view_class = views.CompanyCreateView
    edit_view_class = views.CompanyEditView
    inspect_view_class = views.CompanyInspectView
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
            get_url=lambda company: reverse(f"{COMPANY_NS}:inspect", args=[company.pk]),
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
    # What the export holds, with the SIREN after the SIRET and the registry's dates.
    inspect_view_fields = [
        COMPANY_EXPORT[0],
        "siren",
        *COMPANY_EXPORT[1:],
        "position_precision",
        "closed_on",
        "registry_checked_at",
        "created_at",
    ]
    copy_view_enabled = False

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("rattacher/<int:pk>/", views.CompanyAttachView.as_view(), name="attach"),
            path("fusionner/<int:pk>/", views.CompanyMergeView.as_view(), name="merge"),
            path("importer/", company_import.CompanyImportView.as_view(), name="import"),
            path(
                "importer/modele.<str:file_format>",
                company_import.import_template_view,
                name="import_template",
            ),
        ]


def company_viewset():
    return CompanyViewSet("entreprise", url_prefix="entreprises", url_namespace=COMPANY_NS)

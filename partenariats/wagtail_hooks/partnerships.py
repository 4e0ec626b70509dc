"""Staff screens of partnerships: the list, the partnership's page, its roadmap and journal."""

import django_filters
from django import forms
from django.db.models import Q
from django.urls import path
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets.chooser import BaseChooser

from common.admin_filters import LinkedFilterSet
from entreprises.models import Company
from etablissements.admin_views import ScopedModelViewSet, refuse_generic_actions
from etablissements.labels import person_name

from ..admin_views import partnerships as admin_views
from ..filters import PartnershipFilterSet
from ..forms import ConventionFileInput, PartnershipForm
from ..models import Interaction, InteractionKind, Partnership, RoadmapAction


class CompanySearchForm(BaseFilterForm):
    q = forms.CharField(label="Nom, SIRET ou commune", required=False)

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching = True
            self.search_query = query
            digits = query.replace(" ", "")
            condition = Q(name__icontains=query) | Q(town__iexact=query)
            if digits.isdigit():
                condition |= Q(siret__startswith=digits)
            objects = objects.filter(condition)
        return objects


class CompanyColumnsMixin:
    """Name, SIRET and town: enough to tell two records of the same name apart."""

    @property
    def columns(self):
        title = self.title_column
        title.label = "Entreprise"
        return [
            title,
            Column("siret", label="SIRET", accessor="siret_display"),
            Column("town", label="Commune", accessor="town"),
        ]


class CompanyChooseView(CompanyColumnsMixin, chooser_views.ChooseView):
    pass


class CompanyChooseResultsView(CompanyColumnsMixin, chooser_views.ChooseResultsView):
    pass


class CompanyChooser(BaseChooser):
    """Wagtail's chooser, valid HTML: its input is hidden, so no `required` on it (the form checks
    the choice) and no label pointing at it (its buttons say what they do)."""

    def use_required_attribute(self, initial):
        return False

    def id_for_label(self, id_):
        return ""


class CompanyChooserViewSet(ChooserViewSet):
    """Choose the company of a new partnership among every company of the portal."""

    model = Company
    base_widget_class = CompanyChooser
    icon = "site"
    choose_view_class = CompanyChooseView
    choose_results_view_class = CompanyChooseResultsView
    choose_one_text = "Choisir une entreprise"
    choose_another_text = "Choisir une autre entreprise"
    edit_item_text = "Modifier l’entreprise"
    per_page = 20

    def get_object_list(self):
        return Company.objects.active().only("pk", "name", "town", "siret")

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(filter_form_class=CompanySearchForm, **kwargs)


company_chooser = CompanyChooserViewSet(
    "partenariats_choix_entreprise", url_prefix="partenariats/choisir-une-entreprise"
)


# A partnership ends (status « terminé »), it is not deleted: its history, journal and
# roadmap are counted in the indicators and the Pacte's bilans.
refuse_generic_actions(Partnership, "delete")


def teacher_name(partnership):
    return person_name(partnership.teacher)


class PartnershipViewSet(ScopedModelViewSet):
    model = Partnership
    # No « Copier »: one partnership per company and school: a copy could only be refused.
    copy_view_enabled = False
    icon = "group"
    menu_label = "Partenariats"
    menu_order = 200
    name = "partenariats_admin"
    url_prefix = "partenariats"
    inspect_view_enabled = True
    index_view_class = admin_views.PartnershipIndexView
    add_view_class = admin_views.PartnershipCreateView
    edit_view_class = admin_views.PartnershipEditView
    inspect_view_class = admin_views.PartnershipInspectView
    filterset_class = PartnershipFilterSet
    list_select_related = ["company", "school", "teacher"]
    list_per_page = 50
    ordering = "company__name"
    search_fields = ["company__name", "company__siret", "company__town"]
    list_display = [
        "company__name",
        Column("siret", label="SIRET", accessor="company.siret", sort_key="company__siret"),
        Column("town", label="Commune", accessor="company.town", sort_key="company__town"),
        "status",
        Column("teacher", label="Suivi par", accessor=teacher_name),
        "convention_end",
        "last_interaction_on",
    ]
    list_export = [
        "company.name",
        "company.siret",
        "company.naf_code",
        "company.address",
        "company.postcode",
        "company.town",
        "company.departement",
        "school.name",
        "get_status_display",
        "teacher_name",
        "convention_signed_on",
        "convention_end",
        "last_interaction_on",
    ]
    export_headings = {
        "company.name": "Entreprise",
        "company.siret": "SIRET",
        "company.naf_code": "Code NAF",
        "company.address": "Adresse",
        "company.postcode": "Code postal",
        "company.town": "Commune",
        "company.departement": "Département",
        "school.name": "Établissement",
        "get_status_display": "Statut",
        "teacher_name": "Enseignant qui suit",
        "convention_signed_on": "Convention signée le",
        "convention_end": "Fin de la convention",
        "last_interaction_on": "Dernière interaction",
    }
    export_filename = "partenariats"
    export_only = [
        *(f"company__{name}" for name in ("name", "siret", "naf_code", "address", "postcode")),
        *(f"company__{name}" for name in ("town", "departement")),
        "school__name",
        "status",
        *(f"teacher__{name}" for name in ("first_name", "last_name", "username")),
        "convention_signed_on",
        "convention_end",
        "last_interaction_on",
    ]
    inspect_view_fields = [
        "company",
        "school",
        "status",
        "teacher",
        "convention_signed_on",
        "convention_end",
        "last_interaction_on",
        "notes",
        "created_at",
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("school"),
                    FieldPanel("company", widget=company_chooser.widget_class),
                    FieldRowPanel([FieldPanel("status"), FieldPanel("status_comment")]),
                    FieldPanel("teacher"),
                ],
                heading="Partenariat",
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("convention_signed_on"), FieldPanel("convention_end")]
                    ),
                    FieldPanel("convention_file", widget=ConventionFileInput),
                ],
                heading="Convention",
            ),
            FieldPanel("notes"),
        ],
        base_form_class=PartnershipForm,
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("convention/<int:pk>/", admin_views.convention_download, name="convention_file"),
        ]


class ChildFilterSet(LinkedFilterSet):
    link_filters = {"partnership": "partnership"}  # noqa: RUF012


class InteractionFilterSet(ChildFilterSet):
    kind = django_filters.ChoiceFilter(
        label="type", choices=InteractionKind.choices, widget=forms.RadioSelect, empty_label="tous"
    )

    class Meta:
        model = Interaction
        fields = []


class RoadmapFilterSet(ChildFilterSet):
    done = django_filters.BooleanFilter(label="réalisée")

    class Meta:
        model = RoadmapAction
        fields = []


def partnership_company(obj):
    return obj.partnership.company.name


class InteractionViewSet(ScopedModelViewSet):
    model = Interaction
    # No « Copier »: an entry of the journal records what happened once.
    copy_view_enabled = False
    icon = "history"
    menu_label = "Journal des interactions"
    name = "partenariats_journal"
    url_prefix = "partenariats/journal"
    index_view_class = admin_views.ChildIndexView
    add_view_class = admin_views.InteractionCreateView
    edit_view_class = admin_views.InteractionEditView
    delete_view_class = admin_views.InteractionDeleteView
    filterset_class = InteractionFilterSet
    list_select_related = ["partnership"]
    # The companies and authors of the page's 50 entries (two short queries), not a join of the
    # school's 2,000 entries to their companies and to every user before they are sorted (the
    # 10,000 users of the national size hashed for each page).
    list_prefetch_related = ["partnership__company", "author"]
    list_per_page = 50
    ordering = "-occurred_on"
    search_fields = ["partnership__company__name", "note"]
    list_display = [
        "occurred_on",
        "kind",
        Column("company", label="Entreprise", accessor=partnership_company),
        # The author by their name (Wagtail would print the login).
        Column(
            "author",
            label="Auteur",
            accessor=lambda interaction: person_name(interaction.author),
            sort_key="author__last_name",
        ),
        "note",
    ]
    form_fields = ["kind", "occurred_on", "note"]


class RoadmapViewSet(ScopedModelViewSet):
    model = RoadmapAction
    icon = "date"
    menu_label = "Feuilles de route"
    name = "partenariats_feuille_de_route"
    url_prefix = "partenariats/feuille-de-route"
    index_view_class = admin_views.ChildIndexView
    add_view_class = admin_views.RoadmapCreateView
    edit_view_class = admin_views.RoadmapEditView
    delete_view_class = admin_views.RoadmapDeleteView
    filterset_class = RoadmapFilterSet
    list_select_related = ["partnership__company"]
    list_per_page = 50
    ordering = "planned_on"
    search_fields = ["partnership__company__name", "title"]
    list_display = [
        "title",
        Column("company", label="Entreprise", accessor=partnership_company),
        "school_year",
        "planned_on",
        "done",
    ]
    form_fields = ["school_year", "title", "planned_on", "done", "done_on"]


class PartnershipsGroup(ViewSetGroup):
    menu_label = "Partenariats"
    menu_icon = "group"
    menu_order = 200
    items = (PartnershipViewSet, RoadmapViewSet, InteractionViewSet)

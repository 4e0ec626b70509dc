"""Staff screens of what companies submit: the moderation queue and the schools' diplomas."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from etablissements.admin_views import FrenchModelViewSet, ScopedAdminForm, ScopedModelViewSet
from etablissements.labels import Noun

from . import admin_views, dashboard
from .admin_forms import ModerationForm
from .admin_preferences import SubmissionDeliveryPanel
from .filters import ModerationFilterSet
from .models import SchoolDiploma, SubmissionSchool, TradeAreaNaf
from .prospects_views import PERMISSION, ProspectsView
from .services import school_diploma_delete, school_diploma_save
from .trade_areas import trade_area_delete, trade_area_save

register_permission_policy(
    SubmissionSchool, admin_views.ModerationPermissionPolicy(SubmissionSchool)
)


def company_name(addressee):
    return addressee.submission.company.name


class ModerationViewSet(ScopedModelViewSet):
    """One queue per school (a user sees only their schools' rows), every kind together."""

    model = SubmissionSchool
    icon = "form"
    menu_label = "File de modération"
    name = "offres_moderation"
    url_prefix = "propositions"
    copy_view_enabled = False
    index_view_class = admin_views.ModerationIndexView
    edit_view_class = admin_views.ModerationEditView
    form_class = ModerationForm
    filterset_class = ModerationFilterSet
    list_select_related = [
        "submission__company",
        "submission__contact",
        "submission__lead_school",
        "school",
    ]
    list_per_page = 50
    ordering = ["-submission__created_at", "-pk"]
    search_fields = ["submission__company__name", "submission__company__siret"]
    list_display = [
        TitleColumn(
            "company",
            label="Entreprise",
            accessor=company_name,
            get_url=lambda obj: reverse("offres_moderation:edit", args=[obj.pk]),
        ),
        Column("kind", label="Type", accessor=admin_views.kind_display),
        Column("summary", label="Objet", accessor=admin_views.summary_display),
        Column("school", label="Établissement", accessor="school.name"),
        Column("answer", label="Réponse", accessor=admin_views.answer_display),
        Column("followup", label="Suivi (formation)", accessor=admin_views.followup_display),
        DateColumn(
            "received",
            label="Reçue le",
            accessor="submission.created_at",
            sort_key="submission__created_at",
        ),
    ]

    def get_form_class(self, for_update=False):
        return ModerationForm

    def get_edit_view_kwargs(self, **kwargs):
        # The form is drawn field by field (the follow-up fields exist for one kind only).
        return {**super().get_edit_view_kwargs(**kwargs), "panel": None}


class SchoolDiplomaViewSet(ScopedModelViewSet):
    """The diplomas a school prepares: companies find the school by them."""

    model = SchoolDiploma
    icon = "doc-full"
    menu_label = "Diplômes préparés"
    name = "offres_diplomes"
    url_prefix = "propositions/diplomes"
    copy_view_enabled = False
    save_service = staticmethod(school_diploma_save)
    delete_service = staticmethod(school_diploma_delete)
    list_select_related = ["school", "diploma"]
    list_per_page = 50
    ordering = ["school__name", "name"]
    search_fields = ["name", "trade_area"]
    list_display = ["name", "trade_area", "school"]
    # The school chosen is one of the user's (ScopedAdminForm limits the choices).
    edit_handler = ObjectList(
        [
            FieldPanel("school"),
            FieldPanel("diploma"),
            FieldPanel("name"),
            FieldPanel("trade_area"),
        ],
        base_form_class=ScopedAdminForm,
    )


class TradeAreaNafViewSet(FrenchModelViewSet):
    """The académie's table filière → NAF codes (routing by NAF code, prospects)."""

    model = TradeAreaNaf
    noun = Noun("filière", "filières", feminine=True)
    icon = "list-ul"
    menu_label = "Filières et codes NAF"
    name = "offres_filieres"
    url_prefix = "propositions/filieres"
    copy_view_enabled = False
    save_service = staticmethod(trade_area_save)
    delete_service = staticmethod(trade_area_delete)
    list_per_page = 50
    ordering = ["name"]
    search_fields = ["name", "naf_codes"]
    list_display = ["name", "naf_codes", "source"]
    form_fields = ["name", "naf_codes", "source"]


class OffresGroup(ViewSetGroup):
    menu_label = "Propositions des entreprises"
    menu_icon = "form"
    menu_order = 250
    items = (ModerationViewSet, SchoolDiplomaViewSet, TradeAreaNafViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [OffresGroup()]


@hooks.register("register_todo_lines")
def moderation_todo_lines(user, roles, today):
    return dashboard.todo_lines(user, roles, today)


@hooks.register("register_account_settings_panel")
def register_delivery_panel(request, user, profile):
    return SubmissionDeliveryPanel(request, user, profile)


@hooks.register("register_admin_urls")
def register_prospects_url():
    return [
        path("propositions/prospects/", ProspectsView.as_view(), name="offres_prospects"),
    ]


class ProspectsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_menu_item")
def register_prospects_menu_item():
    return ProspectsMenuItem(
        "Entreprises à démarcher",
        reverse("offres_prospects"),
        icon_name="group",
        order=260,
        name="entreprises-a-demarcher",
    )

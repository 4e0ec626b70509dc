from django.core.exceptions import ValidationError
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup

from etablissements.admin_views import FrenchModelViewSet

from . import admin_urls, dashboard
from .models import Mission, PartFraction, SchoolYear
from .services import PacteError, reference_row_delete, reference_row_save
from .services.catalogue import COPIED_FIELDS as MISSION_FIELDS


class ReferenceViewSet(FrenchModelViewSet):
    """A reference row of the Pacte: saved checked whole, deleted only while nothing uses it."""

    save_service = staticmethod(reference_row_save)
    delete_service = staticmethod(reference_row_delete)
    service_errors = (PacteError, ValidationError)


class SchoolYearViewSet(ReferenceViewSet):
    """The rules of each school year (value of a part, cap, deadlines): kept by the academy."""

    model = SchoolYear
    icon = "date"
    menu_label = "Années scolaires et règles"
    inspect_view_enabled = True
    list_display = [
        "label",
        "start",
        "end",
        "part_value",
        "yearly_cap",
        "max_parts",
        "carry_over_deadline",
        "letter_signature_deadline",
    ]
    form_fields = [
        "first_part_whole",
        "label",
        "start",
        "end",
        "part_value",
        "yearly_cap",
        "max_parts",
        "carry_over_deadline",
        "letter_signature_deadline",
        "first_interim_report_on",
        "second_interim_report_on",
        "rules_source",
    ]


class PartFractionViewSet(ReferenceViewSet):
    """Which missions allow which fractions of a part, each school year."""

    model = PartFraction
    icon = "table"
    menu_label = "Fractions de part autorisées"
    list_display = ["school_year", "mission", "fraction", "hours"]
    list_filter = ["school_year"]
    form_fields = ["school_year", "mission", "fraction", "hours"]


class MissionViewSet(ReferenceViewSet):
    model = Mission
    icon = "list-ul"
    menu_label = "Catalogue des missions"
    list_display = ["school_year", "code", "action", "part_kind", "hours", "active"]
    list_filter = ["school_year", "part_kind", "axis", "active"]
    search_fields = ["code", "title", "action"]
    # A mission's fields are the ones a year's catalogue copies to the next, and its year.
    form_fields = ["school_year", *MISSION_FIELDS]


class PacteReferenceGroup(ViewSetGroup):
    menu_label = "Référentiels du Pacte"
    menu_icon = "cog"
    menu_order = 850
    items = (
        SchoolYearViewSet("pacte-annees"),
        PartFractionViewSet("pacte-fractions"),
        MissionViewSet("pacte-missions"),
    )


@hooks.register("register_admin_viewset")
def register_reference_viewsets():
    return PacteReferenceGroup()


@hooks.register("register_admin_urls")
def register_pacte_urls():

    return [path("pacte/", include(admin_urls, namespace="pacte_admin"))]


class PermissionMenuItem(MenuItem):
    """Shown to users holding `permission` (from the role groups; cached, no extra query)."""

    def __init__(self, *args, permission: str, superusers: bool = True, **kwargs):
        self.permission = permission
        # A superuser holds every permission, but no teacher's mission of their own.
        self.superusers = superusers
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        if request.user.is_superuser and not self.superusers:
            return False
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_my_mission_menu_item():
    return PermissionMenuItem(
        "Ma mission Pacte",
        reverse("pacte_admin:my_mission"),
        icon_name="user",
        order=210,
        permission="pacte.add_activitylog",
        superusers=False,
        name="pacte-ma-mission",
    )


@hooks.register("register_admin_menu_item")
def register_school_pacte_menu_item():
    return PermissionMenuItem(
        "Pactes de l’établissement",
        reverse("pacte_admin:school"),
        icon_name="group",
        order=220,
        permission="pacte.view_engagement",
        name="pacte-etablissement",
    )


@hooks.register("register_admin_menu_item")
def register_catalogue_copy_menu_item():
    return PermissionMenuItem(
        "Copier le catalogue du Pacte",
        reverse("pacte_admin:catalogue_copy"),
        icon_name="copy",
        order=860,
        permission="pacte.add_mission",
        name="pacte-catalogue-copier",
    )


@hooks.register("register_todo_lines")
def pacte_todo_lines(user, roles, today):
    return dashboard.todo_lines(user, roles, today)

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Mission, SchoolYear


class SchoolYearViewSet(ModelViewSet):
    """Value of a part and yearly cap, per school year: kept by the academy administrator."""

    model = SchoolYear
    icon = "date"
    menu_label = "Années scolaires"
    list_display = ["label", "start", "end", "part_value", "yearly_cap"]
    form_fields = ["label", "start", "end", "part_value", "yearly_cap"]


class MissionViewSet(ModelViewSet):
    model = Mission
    icon = "list-ul"
    menu_label = "Catalogue des missions"
    list_display = ["code", "title", "action", "part_kind", "hours", "axis", "active"]
    list_filter = ["part_kind", "axis", "active"]
    search_fields = ["code", "title", "action"]
    form_fields = [
        "code",
        "title",
        "action",
        "description",
        "part_kind",
        "hours",
        "axis",
        "degree",
        "counts_portal_activity",
        "default_expected_results",
        "active",
        "position",
    ]


class PacteReferenceGroup(ViewSetGroup):
    menu_label = "Référentiels du Pacte"
    menu_icon = "cog"
    menu_order = 850
    items = (SchoolYearViewSet("pacte-annees"), MissionViewSet("pacte-missions"))


@hooks.register("register_admin_viewset")
def register_reference_viewsets():
    return PacteReferenceGroup()


@hooks.register("register_admin_urls")
def register_pacte_urls():
    from django.urls import include, path

    from . import admin_urls

    return [path("pacte/", include(admin_urls, namespace="pacte_admin"))]

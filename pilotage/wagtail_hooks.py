from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .invitations_admin import InvitationViewSet


@hooks.register("register_admin_viewset")
def register_invitation_viewset():
    return InvitationViewSet("invitations")


@hooks.register("register_admin_urls")
def register_pilotage_urls():
    return [path("pilotage/", include(admin_urls, namespace="pilotage_admin"))]


class DashboardMenuItem(MenuItem):
    """Shown to the academy administrator and to directions (from their groups' permission)."""

    def is_shown(self, request):
        return request.user.has_perm("pilotage.view_schoolyearfigures")


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return DashboardMenuItem(
        "Indicateurs",
        reverse("pilotage_admin:dashboard"),
        icon_name="view",
        order=150,
        name="pilotage-indicateurs",
    )


@hooks.register("register_admin_menu_item")
def register_pipeline_menu_item():
    return DashboardMenuItem(
        "Demandes d’ouverture de formation",
        reverse("pilotage_admin:pipeline"),
        icon_name="list-ul",
        order=151,
        name="pilotage-demandes-de-formation",
    )


@hooks.register("register_admin_menu_item")
def register_routing_menu_item():
    return DashboardMenuItem(
        "Routage des propositions",
        reverse("pilotage_admin:routing"),
        icon_name="redirect",
        order=152,
        name="pilotage-routage",
    )


@hooks.register("register_admin_menu_item")
def register_placements_menu_item():
    return DashboardMenuItem(
        "Taux de placement en PFMP",
        reverse("pilotage_admin:placements"),
        icon_name="group",
        order=153,
        name="pilotage-placements-pfmp",
    )

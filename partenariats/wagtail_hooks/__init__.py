"""Staff screens of partenariats: partnerships (their roadmap and journal) and the companies
seen from the user's schools (entreprises_admin:…, see .companies)."""

from wagtail import hooks

from .. import dashboard
from .companies import CompanyViewSet, company_viewset
from .partnerships import (
    CompanyChooserViewSet,
    InteractionViewSet,
    PartnershipsGroup,
    PartnershipViewSet,
    RoadmapViewSet,
    company_chooser,
)


@hooks.register("register_admin_viewset")
def register_viewsets():
    # Companies first: in the menu they come before partnerships (same menu order, 200), as when
    # entreprises registered them.
    return [company_viewset(), PartnershipsGroup(), company_chooser]


@hooks.register("construct_homepage_panels")
def add_partnership_panel(request, panels):
    panels.append(dashboard.PartnershipsPanel(request))


@hooks.register("register_todo_lines")
def partnership_todo_lines(user, roles, today):
    return dashboard.todo_lines(user, roles, today)


__all__ = [
    "CompanyChooserViewSet",
    "CompanyViewSet",
    "InteractionViewSet",
    "PartnershipViewSet",
    "PartnershipsGroup",
    "RoadmapViewSet",
    "add_partnership_panel",
    "company_chooser",
    "company_viewset",
    "partnership_todo_lines",
    "register_viewsets",
]

"""The académie's screen of the routing figures (thin: reads from pilotage.routing)."""

from django.core.paginator import Paginator
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import routing
from .selectors import schools_for_dashboard
from .views import PER_PAGE, DashboardAccessMixin


class RoutingView(DashboardAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "pilotage/admin/routing.html"
    page_title = "Routage des propositions"
    header_icon = "redirect"

    def get_context_data(self, **kwargs):
        schools = schools_for_dashboard(self.request.user)
        page = Paginator(routing.routing_per_school(schools), PER_PAGE).get_page(
            self.request.GET.get("p")
        )
        medians = routing.first_answer_days(row["school_id"] for row in page.object_list)
        rows = [{**row, "median_days": medians.get(row["school_id"])} for row in page]
        unanswered = Paginator(routing.never_answered(schools), PER_PAGE).get_page(
            self.request.GET.get("q")
        )
        return super().get_context_data(
            figures=routing.routing_figures(schools),
            page_obj=page,
            rows=rows,
            unanswered=unanswered,
            days=routing.DAYS,
            **kwargs,
        )

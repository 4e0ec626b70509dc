"""Placement rates in PFMP (issue 25): per school for the académie, per class and period for a
direction, now or N days before each period; table and XLSX. Counts only, never a pupil."""

from django.http import HttpResponse
from django.utils import timezone
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from common.spreadsheets import XLSX, workbook
from pfmp.indicators import periods_with_rates, rate_text, rates_by_school
from pfmp.models import school_year_of

from .selectors import schools_for_dashboard
from .views import DashboardAccessMixin, _int

DAYS_CHOICES = (0, 7, 15, 30)


class PlacementRatesMixin(DashboardAccessMixin):
    def rates(self):
        get = self.request.GET
        year = get.get("annee") or school_year_of(timezone.localdate())
        if len(year) != 9:
            year = school_year_of(timezone.localdate())
        days = _int(get.get("jours"))
        days = days if days in DAYS_CHOICES and days else None
        schools = schools_for_dashboard(self.request.user)
        by_school = [
            (name, pupils, placed, rate_text(placed, pupils))
            for name, pupils, placed in rates_by_school(
                schools=schools, school_year=year, days_before=days
            )
        ]
        periods = []
        if len(by_school) <= 3:  # a direction: its classes and periods
            periods = [
                (
                    p.school_class.school.name,
                    p.school_class.name,
                    p.start,
                    p.end,
                    p.pupils,
                    p.placed,
                    rate_text(p.placed, p.pupils),
                )
                for p in periods_with_rates(schools=schools, school_year=year, days_before=days)
                .select_related("school_class__school")
                .order_by("school_class__school__name", "school_class__name", "start")
            ]
        return year, days, by_school, periods


class PlacementRatesView(PlacementRatesMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "pilotage/admin/placements.html"
    page_title = "Taux de placement en PFMP"
    header_icon = "view"

    def get_context_data(self, **kwargs):
        year, days, by_school, periods = self.rates()
        pupils = sum(r[1] for r in by_school)
        placed = sum(r[2] for r in by_school)
        return super().get_context_data(
            year=year,
            days=days or 0,
            days_choices=DAYS_CHOICES,
            by_school=by_school,
            periods=periods,
            total=(pupils, placed, rate_text(placed, pupils)),
            **kwargs,
        )


class PlacementRatesXlsxView(PlacementRatesMixin, View):
    def get(self, request):
        year, days, by_school, periods = self.rates()
        sheets = [
            (
                "Par établissement",
                ["Établissement", "Élèves × périodes", "Placés", "Taux"],
                by_school,
            )
        ]
        if periods:
            header = ["Établissement", "Classe", "Début", "Fin", "Élèves", "Placés", "Taux"]
            sheets.append(("Par période", header, periods))
        response = HttpResponse(workbook(sheets), content_type=XLSX)
        suffix = f"-{days}-jours-avant" if days else ""
        response["Content-Disposition"] = (
            f'attachment; filename="taux-placement-pfmp-{year}{suffix}.xlsx"'
        )
        return response

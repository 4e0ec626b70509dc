"""Placement rates in PFMP (issue 25): per school for the académie, per class and period for a
direction (or the school the académie opens), now or N days before each period; a bar chart
with the table beside it, and the XLSX. Read from the summary rows the hourly refresh writes
(pilotage/placement_figures.py): counts only, never a pupil."""

from django.core.paginator import Paginator
from django.db.models import Count, Max, Sum
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from common.spreadsheets import XLSX, workbook
from entreprises.validators import departement_code
from etablissements.querysets import is_academy_admin
from pfmp.indicators import rate_text
from pfmp.models import school_year_of

from .charts import rate_chart_svg
from .models import PeriodPlacementFigures
from .selectors import school_placement_rows, schools_for_dashboard
from .views import DashboardAccessMixin, _int

DAYS_CHOICES = (0, 7, 15, 30)
PER_PAGE = 50
NOT_YET = "pas encore"  # the day N days before the period is still to come


def _percent(placed, pupils) -> float | None:
    return 100 * placed / pupils if pupils else None


class CountedPaginator(Paginator):
    """A paginator given its count, summed in the query of the totals: no COUNT of its own."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.given_count = count

    @property
    def count(self) -> int:
        return self.given_count


class PlacementRatesMixin(DashboardAccessMixin):
    def rates(self):
        """(year, days, the filters' query string, the schools' summary rows, their rows by
        name, a school's periods): the académie filters its schools by département and by
        name, town or UAI, and the XLSX follows the page's filters."""
        get = self.request.GET
        year = get.get("annee") or school_year_of(timezone.localdate())
        if len(year) != 9 or not year[:4].isdigit():
            year = school_year_of(timezone.localdate())
        days = _int(get.get("jours"))
        days = days if days in DAYS_CHOICES and days else None
        suffix = f"_{days}" if days else ""
        opened = _int(get.get("etablissement"))
        filters = {"annee": year, "jours": days or 0}
        self.departement, self.named, self.departement_error = "", "", ""
        if is_academy_admin(self.request.user):
            typed = get.get("departement", "").strip()[:3]
            self.departement = departement_code(typed) or ""
            if typed and not self.departement:
                self.departement_error = (
                    f"« {typed} » n’est pas un département : par exemple 31, 2A ou 974."
                )
            self.named = " ".join(get.get("lycee", "").split())[:120]
            filters |= {"departement": self.departement, "lycee": self.named}
        rows = school_placement_rows(
            self.request.user,
            year_start=int(year[:4]),
            school=opened,
            departement="" if opened else self.departement,
            named="" if opened else self.named,
        )
        by_school = rows.order_by("school__name", "school_id").values_list(
            "school_id", "school__name", f"pupils{suffix}", f"placed{suffix}"
        )
        periods = []
        if opened or not is_academy_admin(self.request.user):  # a school's classes
            schools = schools_for_dashboard(self.request.user)
            if opened:
                schools = schools.filter(pk=opened)
            periods = [
                (school, name, start, end, pupils, placed, self._text(placed, pupils))
                for school, name, start, end, pupils, placed in (
                    PeriodPlacementFigures.objects.filter(
                        school__in=schools, year_start=int(year[:4])
                    )
                    .order_by("school__name", "class_name", "start")
                    .values_list(
                        "school__name", "class_name", "start", "end", "pupils", f"placed{suffix}"
                    )
                )
            ]
        query = urlencode({k: v for k, v in filters.items() if v != ""})
        return year, days, query, rows, by_school, periods

    @staticmethod
    def _text(placed, pupils) -> str:
        return NOT_YET if placed is None else rate_text(placed, pupils)


class PlacementRatesView(PlacementRatesMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "pilotage/admin/placements.html"
    page_title = "Taux de placement en PFMP"
    header_icon = "view"

    def get_context_data(self, **kwargs):
        year, days, query, rows, by_school, periods = self.rates()
        suffix = f"_{days}" if days else ""
        # One query for the totals and the count, on the summary rows alone (no join to the
        # schools unless a filter needs it): the paginator counts nothing more.
        sums = rows.order_by().aggregate(
            schools=Count("pk"),
            pupils=Sum(f"pupils{suffix}"),
            placed=Sum(f"placed{suffix}"),
            at=Max("refreshed_at"),
        )
        pupils, placed = sums["pupils"] or 0, sums["placed"] or 0
        paginator = CountedPaginator(by_school, PER_PAGE, count=sums["schools"])
        page = paginator.get_page(self.request.GET.get("p"))
        school_rows = [(pk, name, n, k, rate_text(k, n)) for pk, name, n, k in page.object_list]
        if periods:
            chart_rows = [
                (f"{name} {start:%d/%m}", _percent(k, n) if k is not None else None, text)
                for _, name, start, _, n, k, text in periods
            ]
        else:
            chart_rows = [(name, _percent(k, n), text) for _, name, n, k, text in school_rows]
        title = "Taux de placement par " + ("classe et période" if periods else "établissement")
        return super().get_context_data(
            year=year,
            days=days or 0,
            days_choices=DAYS_CHOICES,
            query=query,
            departement=self.departement,
            departement_error=self.departement_error,
            named=self.named,
            filtered=bool(self.departement or self.named),
            page_obj=page,
            by_school=school_rows,
            periods=periods,
            can_open=is_academy_admin(self.request.user),
            chart_title=title,
            chart_svg=rate_chart_svg("chart-placements", title, chart_rows),
            refreshed_at=sums["at"],
            total=(pupils, placed, rate_text(placed, pupils)),
            **kwargs,
        )


class PlacementRatesXlsxView(PlacementRatesMixin, View):
    def get(self, request):
        year, days, _, _, by_school, periods = self.rates()
        sheets = [
            (
                "Par établissement",
                ["Établissement", "Élèves × périodes", "Placés", "Taux"],
                ((name, n, k, rate_text(k, n)) for _, name, n, k in by_school.iterator()),
            )
        ]
        if periods:
            header = ["Établissement", "Classe", "Début", "Fin", "Élèves", "Placés", "Taux"]
            sheets.append(("Par période", header, periods))
        response = HttpResponse(workbook(sheets), content_type=XLSX)
        suffix = f"-{days}-jours-avant" if days else ""
        if self.departement and not _int(request.GET.get("etablissement")):
            suffix += f"-departement-{self.departement}"
        response["Content-Disposition"] = (
            f'attachment; filename="taux-placement-pfmp-{year}{suffix}.xlsx"'
        )
        return response

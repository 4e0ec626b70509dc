"""Staff screens of the académie's view (Wagtail admin): thin, reads from selectors."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from common.ratelimits import rate_limited
from etablissements.models import SchoolKind
from etablissements.querysets import is_academy_admin
from offres.models import FollowUpStatus
from offres.services import SubmissionError, specialisation_set_followup
from pfmp.indicators import rate_text as pfmp_rate_text

from . import charts, exports, pipeline, wording
from .forms import FollowUpForm
from .freshness import indicators_refresh_pending, indicators_refresh_soon, refresh_delay
from .selectors import (
    FIGURES,
    Filters,
    can_view_dashboard,
    dashboard_cache_key,
    dashboard_for,
    default_year,
    figures_refreshed_at,
    placement_rate_total,
)

PER_PAGE = 50
CACHE_SECONDS = 3600  # a new refresh changes the key before that


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 10_000_000 else None


class DashboardAccessMixin:
    @cached_property
    def scope(self) -> wording.Scope:
        return wording.scope_for(self.request.user)

    def get_breadcrumbs_items(self):
        # Without it the admin header names only « Accueil », not the screen.
        home = {"url": reverse("wagtailadmin_home"), "label": "Accueil"}
        return [home, {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not can_view_dashboard(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def filters(self) -> Filters:
        get = self.request.GET
        kind = get.get("type", "")
        return Filters(
            year=_int(get.get("annee")) or default_year(),
            departement=get.get("departement", "").strip()[:3],
            kind=kind if kind in SchoolKind.values else "",
            trade_area=get.get("filiere", "").strip()[:120],
            school=_int(get.get("etablissement")),
        )

    def query(self, filters: Filters) -> str:
        params = {
            "annee": filters.year,
            "departement": filters.departement,
            "type": filters.kind,
            "filiere": filters.trade_area,
            "etablissement": filters.school or "",
        }
        return urlencode({k: v for k, v in params.items() if v})


def _school_row(row) -> list:
    return [
        row.school.uai,
        row.school.name,
        row.school.get_kind_display(),
        row.departement,
        *[getattr(row, field) for field, _ in FIGURES],
        row.answer_median_days,
    ]


def _school_rows(rows):
    """The same as `_school_row` for a whole queryset, without building its model instances."""
    kinds = dict(SchoolKind.choices)
    fields = [field for field, _ in FIGURES]
    for uai, name, kind, *rest in rows.values_list(
        "school__uai", "school__name", "school__kind", "departement", *fields, "answer_median_days"
    ):
        yield [uai, name, kinds.get(kind, kind), *rest]


SCHOOL_HEADER = ["UAI", "Établissement", "Type", "Département"]
SCHOOL_HEADER += [label for _, label in FIGURES] + ["Délai médian de réponse (jours)"]


class DashboardView(DashboardAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "pilotage/admin/dashboard.html"
    header_icon = "view"

    def get_page_title(self):
        return self.scope.dashboard_title

    def get_context_data(self, **kwargs):
        # The figures change only when the hourly refresh runs: the rendered body is kept per
        # scope, filters, page and refresh, and rendering it (thousands of nodes) is skipped.
        stamp = figures_refreshed_at()
        key = dashboard_cache_key(self.request.user, self.request.GET.urlencode(), stamp)
        body = cache.get(key)
        if body is None:
            body = render_to_string(
                "pilotage/admin/_dashboard_body.html", self.body_context(), request=self.request
            )
            cache.set(key, body, CACHE_SECONDS)
        # Outside the cached body: the form's CSRF token is the reader's own.
        return super().get_context_data(
            body=body,
            refreshed_at=stamp,
            refresh_pending=indicators_refresh_pending(),
            refresh_after_writes=refresh_delay() > 0,
            back=self.request.GET.urlencode(),
            **kwargs,
        )

    def body_context(self) -> dict:
        filters = self.filters()
        board = dashboard_for(self.request.user, filters)
        page = Paginator(board.schools, PER_PAGE).get_page(self.request.GET.get("p"))
        trend_charts = []
        for field, label in FIGURES:
            chart = charts.bar_chart(label, [(y["label"], y[field]) for y in board.years])
            trend_charts.append((label, chart, chart.svg(f"chart-{field}")))
        kinds_chart = charts.bar_chart(
            self.scope.kinds_heading,
            [(str(i + 1), n) for i, (_, n) in enumerate(board.kinds)],
        )
        query = self.query(filters)
        current = board.current
        page_rows = list(page.object_list)
        pfmp_pupils, pfmp_placed = placement_rate_total(board.schools, filters.year)
        return dict(
            pfmp_total=(pfmp_pupils, pfmp_placed, pfmp_rate_text(pfmp_placed, pfmp_pupils)),
            pfmp_url=reverse("pilotage_admin:placements")
            + f"?annee={filters.year}-{filters.year + 1}",
            board=board,
            scope=self.scope,
            current_cells=[wording.figure_text(f, current.get(f, 0)) for f, _ in FIGURES],
            median_text=wording.days_text(board.median),
            year_rows=[(y, [y[field] for field, _ in FIGURES]) for y in board.years],
            figures=FIGURES,
            trend_charts=trend_charts,
            kinds_chart=kinds_chart,
            kinds_svg=kinds_chart.svg("chart-kinds"),
            page_obj=page,
            school_rows=[(row, _school_row(row)) for row in page_rows],
            school_header=SCHOOL_HEADER,
            kind_choices=SchoolKind.choices,
            query=query,
            xlsx_url=reverse("pilotage_admin:dashboard_xlsx") + (f"?{query}" if query else ""),
        )


RECOMPUTE_RATE = "6/h"  # per person; a refresh rebuilds the whole summary table
RECOMPUTE_FILTERS = ["annee", "departement", "type", "filiere", "etablissement", "p"]


class DashboardRecomputeView(DashboardAccessMixin, View):
    """« Recalculer maintenant »: the refresh queued for a worker (never run in the request),
    at most one waiting at a time, a few a person per hour."""

    http_method_names = ["post"]

    def post(self, request):
        back = QueryDict(request.POST.get("retour", "")[:500])
        kept = {k: back.get(k, "")[:120] for k in RECOMPUTE_FILTERS if back.get(k)}
        target = reverse("pilotage_admin:dashboard") + (f"?{urlencode(kept)}" if kept else "")
        if rate_limited(
            request, "pilotage-recalcul", per_ip="30/h", per_key=RECOMPUTE_RATE, key=request.user.pk
        ):
            messages.error(
                request,
                "Vous avez demandé plusieurs recalculs en peu de temps : les chiffres seront "
                "recalculés à l’heure, comme chaque heure, ou réessayez plus tard.",
            )
        elif indicators_refresh_pending():
            messages.info(
                request,
                "Un recalcul des indicateurs est déjà en attente : les chiffres seront à jour "
                "d’ici une minute. Rechargez alors la page.",
            )
        else:
            indicators_refresh_soon()
            messages.success(
                request,
                "Recalcul des indicateurs demandé : les chiffres seront à jour d’ici une "
                "minute. Rechargez alors la page.",
            )
        return redirect(target)


class DashboardXlsxView(DashboardAccessMixin, View):
    def get(self, request):
        filters = self.filters()
        # Kept like the dashboard's body: the same figures until the next refresh.
        key = dashboard_cache_key(request.user, "xlsx|" + self.query(filters))
        content = cache.get(key)
        if content is None:
            content = self.content(filters)
            cache.set(key, content, CACHE_SECONDS)
        response = HttpResponse(content, content_type=exports.XLSX)
        name = f"{self.scope.file_name('indicateurs')}-{filters.year}-{filters.year + 1}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def content(self, filters: Filters) -> bytes:
        request = self.request
        board = dashboard_for(request.user, filters)
        labels = [label for _, label in FIGURES]
        trend_rows = (
            [y["label"], *[y[f] for f, _ in FIGURES], y["median"], y["companies"]]
            for y in board.years
        )
        return exports.workbook(
            [
                (
                    "Évolution",
                    ["Année scolaire", *labels, "Délai médian de réponse (jours)"]
                    + ["Entreprises partenaires distinctes"],
                    trend_rows,
                ),
                ("Propositions par type", ["Type de proposition", "Reçues"], board.kinds),
                ("Par établissement", SCHOOL_HEADER, _school_rows(board.schools)),
            ]
        )


class PipelineView(DashboardAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """Every request to open a course across the académie (a direction: its own schools)."""

    template_name = "pilotage/admin/pipeline.html"
    page_title = "Demandes d’ouverture de formation"
    header_icon = "list-ul"

    def get_context_data(self, **kwargs):
        followup = self.request.GET.get("suivi", "")
        requests = pipeline.pipeline_requests(self.request.user, followup=followup)
        page = Paginator(requests, PER_PAGE).get_page(self.request.GET.get("p"))
        return super().get_context_data(
            page_obj=page,
            rows=pipeline.pipeline_rows(page.object_list),
            followup=followup,
            followup_choices=FollowUpStatus.choices,
            can_move=is_academy_admin(self.request.user),
            xlsx_url=reverse("pilotage_admin:pipeline_xlsx")
            + (f"?{urlencode({'suivi': followup})}" if followup else ""),
            **kwargs,
        )


class PipelineXlsxView(DashboardAccessMixin, View):
    def get(self, request):
        requests = pipeline.pipeline_requests(request.user, followup=request.GET.get("suivi", ""))
        content = exports.workbook(
            [
                (
                    "Demandes de formation",
                    pipeline.XLSX_HEADER,
                    (row.xlsx_row() for row in pipeline.pipeline_rows(requests)),
                )
            ]
        )
        response = HttpResponse(content, content_type=exports.XLSX)
        stem = self.scope.file_name("demandes-ouverture-formation")
        name = f"{stem}-{timezone.localdate():%Y-%m-%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class PipelineFollowUpView(DashboardAccessMixin, WagtailAdminTemplateMixin, FormView):
    """The academy administrator moves a request along its follow-up, with a comment."""

    template_name = "pilotage/admin/followup.html"
    form_class = FollowUpForm
    page_title = "Suivi d’une demande d’ouverture de formation"
    header_icon = "list-ul"

    def dispatch(self, request, *args, **kwargs):
        if not is_academy_admin(request.user):
            raise PermissionDenied
        requests = pipeline.pipeline_requests(request.user)
        self.submission = get_object_or_404(requests, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            row=pipeline.pipeline_rows([self.submission])[0],
            events=self.submission.events.filter(field="followup").select_related("by"),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            specialisation_set_followup(
                submission=self.submission,
                followup_status=form.cleaned_data["followup_status"],
                by=self.request.user,
                comment=form.cleaned_data["comment"],
            )
        except SubmissionError as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Demande de {self.submission.company.name} : "
            f"« {FollowUpStatus(form.cleaned_data['followup_status']).label} ».",
        )
        return redirect("pilotage_admin:pipeline")

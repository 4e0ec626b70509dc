"""The RBDE's placement board: the coming periods with the pupils still without a place, a
period's pupils, a pupil's history and the change of a placement's status."""

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import TemplateView, View

from common.spreadsheets import XLSX
from common.wording import count_text
from etablissements.admin_views import PortalAdminTemplateMixin

from ..choices import PLACED
from ..exports import days_done_workbook
from ..forms import StatusForm
from ..models import PfmpPeriod, Placement, Pupil, school_year_of
from ..selectors import coming_periods, period_rows
from ..services import PfmpError, placement_set_status, placements_mail_companies

PER_PAGE = 20


class BoardPermissionMixin:
    permission = "pfmp.change_placement"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def days_left_text(days: int) -> str:
    if days > 1:
        return f"début dans {days} jours"
    if days == 1:
        return "début demain"
    if days == 0:
        return "début aujourd’hui"
    return "en cours"


class BoardView(BoardPermissionMixin, PortalAdminTemplateMixin, TemplateView):
    """For each coming period, its class, its dates, the days left and the pupils without a
    place; soonest first."""

    template_name = "pfmp/admin/board.html"
    page_title = "Placements en PFMP"
    header_icon = "group"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        page = Paginator(coming_periods(self.request.user, today), PER_PAGE).get_page(
            self.request.GET.get("p")
        )
        for period in page.object_list:
            period.days_left = (period.start - today).days
            period.days_left_text = days_left_text(period.days_left)
        context.update(page_obj=page, today=today)
        return context


class PeriodBoardView(BoardPermissionMixin, PortalAdminTemplateMixin, TemplateView):
    """A period's pupils, each with their placement: to place, or where they go."""

    template_name = "pfmp/admin/period.html"
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        self.period = get_object_or_404(
            PfmpPeriod.objects.for_user(request.user).select_related("school_class"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"{self.period.school_class.name} : PFMP du {self.period.start:%d/%m/%Y}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = period_rows(self.period, self.request.user)
        context.update(
            period=self.period,
            rows=[(p, pl, bool(pl and pl.status in PLACED)) for p, pl in rows],
            without_place=sum(1 for _, pl in rows if not (pl and pl.status in PLACED)),
            days_left_text=days_left_text((self.period.start - timezone.localdate()).days),
        )
        return context


class PupilView(PortalAdminTemplateMixin, TemplateView):
    """A pupil's placements, each with its history and the change of its status."""

    template_name = "pfmp/admin/pupil.html"
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        self.pupil = get_object_or_404(
            Pupil.objects.for_user(request.user).select_related("school_class"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"{self.pupil} ({self.pupil.school_class.name})"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        placements = (
            Placement.objects.for_user(self.request.user)
            .filter(pupil=self.pupil)
            .with_related()
            .select_related("appraisal__tutor")
            .prefetch_related("history__changed_by")
        )
        can_change = self.request.user.has_perm("pfmp.change_placement")
        context.update(
            pupil=self.pupil,
            placements=[(p, StatusForm(placement=p) if can_change else None) for p in placements],
        )
        return context


class PlacementStatusView(BoardPermissionMixin, View):
    """POST: the placement moved to the status chosen (PlacementStatus), or the refusal said."""

    http_method_names = ["post"]

    def post(self, request, pk):
        placement = get_object_or_404(Placement.objects.for_user(request.user), pk=pk)
        form = StatusForm(request.POST, placement=placement)
        if not form.is_valid():
            messages.error(request, "Choisissez un statut permis.")
        else:
            data = form.cleaned_data
            try:
                placement = placement_set_status(
                    placement=placement,
                    status=data["status"],
                    by=request.user,
                    reason=data["reason"] or "",
                    days_done=data["days_done"],
                )
                messages.success(request, f"Placement « {placement.get_status_display()} ».")
            except PfmpError as error:
                messages.error(request, str(error))
        return redirect("pfmp_admin:pupil", pk=placement.pupil_id)


class PeriodMailView(BoardPermissionMixin, View):
    """POST: one mail per company with the pupils proposed to it for the period."""

    http_method_names = ["post"]

    def post(self, request, pk):
        period = get_object_or_404(PfmpPeriod.objects.for_user(request.user), pk=pk)
        written = placements_mail_companies(period=period)
        if written:
            messages.success(
                request,
                f"{count_text(written, 'courriel', 'courriels')} aux entreprises dans la file "
                "d’envoi.",
            )
        else:
            messages.info(request, "Aucune entreprise à prévenir : aucune piste nouvelle.")
        return redirect("pfmp_admin:period", pk=period.pk)


class DaysDoneExportView(View):
    """The days done of the school year, one row per pupil and period (XLSX)."""

    def get(self, request):
        if not request.user.has_perm("pfmp.view_pupil"):
            raise PermissionDenied
        year = request.GET.get("annee") or school_year_of(timezone.localdate())
        if not re.fullmatch(r"\d{4}-\d{4}", year):
            raise Http404
        response = HttpResponse(days_done_workbook(request.user, year), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="jours-effectues-{year}.xlsx"'
        return response

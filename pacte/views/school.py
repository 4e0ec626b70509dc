"""The school's Pacte: the distribution, the engagements and their mission letters."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from etablissements.admin_views import PortalAdminTemplateMixin
from etablissements.models import Membership
from etablissements.roles import Role

from .. import pdf, selectors, services
from ..activity import counts_for, expected_share, on_track, targets_of
from ..forms import (
    RedeployForm,
)
from ..models import (
    Engagement,
    HoursRedeployment,
    MissionLetter,
)
from ..selectors import repartition_for, repartition_xlsx
from .base import (
    PER_PAGE,
    SchoolYearMixin,
    _engagement_for,
    academy_admin,
    can_compose,
    report_summary,
)


class RepartitionView(SchoolYearMixin, PortalAdminTemplateMixin, TemplateView):
    template_name = "pacte/admin/repartition.html"
    page_title = "Fiche de répartition des missions"
    header_icon = "table"

    def get_context_data(self, **kwargs):
        repartition = repartition_for(school=self.school, school_year=self.school_year)
        return super().get_context_data(
            repartition=repartition,
            xlsx_url=reverse("pacte_admin:repartition_xlsx") + "?" + self.query(),
            **kwargs,
        )


class RepartitionXlsxView(SchoolYearMixin, View):
    def get(self, request):
        repartition = repartition_for(school=self.school, school_year=self.school_year)
        response = HttpResponse(
            repartition_xlsx(repartition),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        filename = f"repartition-pacte-{self.school.uai}-{self.school_year.label}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class SchoolPacteView(SchoolYearMixin, PortalAdminTemplateMixin, TemplateView):
    """The direction's view of every teacher of the school: missions, letters, bilans."""

    template_name = "pacte/admin/school.html"
    page_title = "Pactes de l’établissement"
    header_icon = "group"

    def get_context_data(self, **kwargs):
        engagements = (
            Engagement.objects.for_user(self.request.user)
            .for_school(self.school)
            .for_year(self.school_year)
            .with_related()
        )
        interim = selectors.next_interim(self.school_year, timezone.localdate())
        listed = engagements.prefetch_related("activity_reports")
        if interim:
            listed = listed.prefetch_related("interim_reports")
        page = Paginator(listed, PER_PAGE).get_page(self.request.GET.get("p"))
        rows = list(page.object_list)
        counts = counts_for(
            school_id=self.school.pk,
            school_year=self.school_year,
            teacher_ids=[e.teacher_id for e in rows],
        )
        share = expected_share(self.school_year)
        user = self.request.user
        roles = set(
            Membership.objects.filter(user=user, school=self.school).values_list("role", flat=True)
        )
        if interim:
            interim["missing"] = engagements.interim_report_missing(interim["stage"]).count()
        for eng in rows:
            eng.interim_missing_count = len(eng.interim_missing(interim["stage"])) if interim else 0
            eng.lien_on_track = on_track(targets_of(eng), counts[eng.teacher_id], share)
            eng.lien_counts = counts[eng.teacher_id]
        return super().get_context_data(
            page_obj=page,
            rows=rows,
            bilans=report_summary(engagements),
            interim=interim,
            query=self.query(),
            # The direction decides and sees the euros; the RBDE sees who follows what and
            # composes; the inspector reads (one query for the user's roles in the school).
            can_decide=(can_decide := Role.DIRECTION in roles or academy_admin(user)),
            can_compose=can_decide or Role.RBDE in roles,
            sees_pay=can_decide,
            **kwargs,
        )


class EngagementView(PortalAdminTemplateMixin, TemplateView):
    template_name = "pacte/admin/engagement.html"
    header_icon = "doc-full"

    def dispatch(self, request, pk, *args, **kwargs):
        self.engagement = _engagement_for(request, pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.engagement)

    def get_context_data(self, **kwargs):
        eng = self.engagement
        can_decide = services.is_direction(self.request.user, eng.school)
        redeployments = HoursRedeployment.objects.filter(from_part__engagement=eng).select_related(
            "from_part__mission", "to_mission", "by"
        )
        return super().get_context_data(
            engagement=eng,
            letter=getattr(eng, "mission_letter", None),
            can_decide=can_decide,
            can_compose=can_compose(self.request.user, eng.school),
            reports=services.reports_of(eng),
            sees_pay=(sees_pay := can_decide or self.request.user.pk == eng.teacher_id),
            sees_letter=sees_pay or reads_letters(self.request.user, eng.school),
            redeployments=redeployments,
            redeploy_form=RedeployForm(engagement=eng) if can_decide else None,
            **kwargs,
        )


def reads_letters(user, school) -> bool:
    """The inspector (IEN) reads the lettres de mission of the schools they follow, without pay."""
    return services.user_has_role(user, school, Role.INSPECTOR)


class MissionLetterPdfView(View):
    def get(self, request, pk):
        engagement = _engagement_for(request, pk)  # another school's: 404
        sees_pay = services.sees_pay(request.user, engagement.school, teacher=engagement.teacher)
        if not sees_pay and reads_letters(request.user, engagement.school):
            # Read-only: the letter as it stands (a draft until one is prepared), no pay line.
            letter = getattr(engagement, "mission_letter", None) or MissionLetter(
                engagement=engagement
            )
            return _letter_response(engagement, pdf.mission_letter_pdf(letter, with_pay=False))
        if not sees_pay:
            messages.error(
                request,
                "La lettre de mission indique la rémunération : seuls la direction et "
                "l’enseignant la consultent.",
            )
            return redirect("pacte_admin:engagement", pk=pk)
        try:
            letter = services.mission_letter_prepare(engagement=engagement)
        except services.PacteError as error:
            messages.error(request, str(error))
            return redirect("pacte_admin:engagement", pk=pk)
        return _letter_response(engagement, pdf.mission_letter_pdf(letter))


def _letter_response(engagement, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"lettre-de-mission-{engagement.school_year.label}-{engagement.teacher.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class MissionLetterValidateView(PortalAdminTemplateMixin, TemplateView):
    """Validating a lettre de mission: first what the teacher will receive, then confirmation."""

    template_name = "pacte/admin/letter_confirm.html"
    header_icon = "doc-full"

    def dispatch(self, request, pk, *args, **kwargs):
        self.engagement = _engagement_for(request, pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return "Valider la lettre de mission"

    def get_context_data(self, **kwargs):
        eng = self.engagement
        return super().get_context_data(
            engagement=eng,
            letter=getattr(eng, "mission_letter", None),
            can_decide=services.is_direction(self.request.user, eng.school),
            **kwargs,
        )

    def post(self, request):
        pk = self.engagement.pk
        if request.POST.get("rouvrir") == "oui":
            return self._reopen(request)
        if request.POST.get("confirmation") != "oui":
            messages.error(request, "Confirmez la validation de la lettre de mission.")
            return redirect("pacte_admin:letter_validate", pk=pk)
        try:
            letter = services.mission_letter_prepare(engagement=self.engagement)
            services.mission_letter_validate(letter=letter, by=request.user)
        except services.PacteError as error:
            messages.error(request, str(error))
        else:
            teacher = self.engagement.teacher
            messages.success(
                request,
                f"Lettre de mission validée : {teacher.get_full_name() or teacher.username} la "
                "retrouve dans « Ma mission Pacte ».",
            )
        return redirect("pacte_admin:engagement", pk=pk)

    def _reopen(self, request):
        letter = getattr(self.engagement, "mission_letter", None)
        try:
            if letter is None or not letter.is_validated:
                raise services.PacteError("Cette lettre de mission n’est pas validée.")
            services.mission_letter_reopen(letter=letter, by=request.user)
        except services.PacteError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                "Lettre de mission rouverte : changez les parts si besoin, puis validez-la de "
                "nouveau.",
            )
        return redirect("pacte_admin:engagement", pk=self.engagement.pk)

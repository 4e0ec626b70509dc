"""Staff screens of the Pacte (Wagtail admin). Thin: reads from for_user(), writes via services."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from etablissements.querysets import is_academy_admin

from . import pdf, services
from .models import Engagement, SchoolYear
from .selectors import repartition_for, repartition_xlsx, schools_managed_by

PER_PAGE = 25


def _year_from(request, years: list[SchoolYear]) -> SchoolYear:
    """The year named in `?annee=`, else the current one, picked from the loaded `years`."""
    label = request.GET.get("annee")
    year = next((y for y in years if y.label == label), None) if label else None
    year = year or current_year_of(years)
    if year is None:
        raise Http404("Aucune année scolaire n’est définie.")
    return year


def current_year_of(years: list[SchoolYear], today=None) -> SchoolYear | None:
    """Same choice as SchoolYear.objects.current(), on a list already loaded."""
    today = today or timezone.localdate()
    running = [y for y in years if y.start <= today <= y.end]
    started = sorted((y for y in years if y.start <= today), key=lambda y: y.start)
    return (running or started[-1:] or sorted(years, key=lambda y: y.start)[:1] or [None])[0]


class SchoolYearMixin:
    """The school (among those the user manages) and the school year named in the query string."""

    def dispatch(self, request, *args, **kwargs):
        # Loaded once: the selector lists them too (a school holds few schools and years).
        self.schools = list(schools_managed_by(request.user).order_by("name"))
        wanted = request.GET.get("etablissement")
        if wanted:
            self.school = next((s for s in self.schools if str(s.pk) == wanted), None)
            if self.school is None:
                raise Http404("Établissement inconnu ou hors de votre périmètre.")
        else:
            self.school = self.schools[0] if self.schools else None
        if self.school is None:
            raise Http404("Aucun établissement dont vous suivez les Pactes.")
        self.school_years = list(SchoolYear.objects.all())
        self.school_year = _year_from(request, self.school_years)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            school=self.school,
            school_year=self.school_year,
            schools=self.schools,
            school_years=self.school_years,
            **kwargs,
        )

    def query(self) -> str:
        return f"etablissement={self.school.pk}&annee={self.school_year.label}"


class RepartitionView(SchoolYearMixin, WagtailAdminTemplateMixin, TemplateView):
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


class SchoolPacteView(SchoolYearMixin, WagtailAdminTemplateMixin, TemplateView):
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
        page = Paginator(engagements, PER_PAGE).get_page(self.request.GET.get("p"))
        return super().get_context_data(
            page_obj=page,
            query=self.query(),
            can_decide=services.is_direction(self.request.user, self.school),
            **kwargs,
        )


def _engagement_for(request, pk) -> Engagement:
    return get_object_or_404(Engagement.objects.for_user(request.user).with_related(), pk=pk)


class EngagementView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "pacte/admin/engagement.html"
    header_icon = "doc-full"

    def dispatch(self, request, pk, *args, **kwargs):
        self.engagement = _engagement_for(request, pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.engagement)

    def get_context_data(self, **kwargs):
        eng = self.engagement
        return super().get_context_data(
            engagement=eng,
            letter=getattr(eng, "mission_letter", None),
            can_decide=services.is_direction(self.request.user, eng.school),
            **kwargs,
        )


class MissionLetterPdfView(View):
    def get(self, request, pk):
        engagement = _engagement_for(request, pk)
        try:
            letter = services.mission_letter_prepare(engagement=engagement)
        except services.PacteError as error:
            messages.error(request, str(error))
            return redirect("pacte_admin:engagement", pk=pk)
        response = HttpResponse(pdf.mission_letter_pdf(letter), content_type="application/pdf")
        filename = f"lettre-de-mission-{engagement.school_year.label}-{engagement.teacher.pk}.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response


class MissionLetterValidateView(View):
    def post(self, request, pk):
        engagement = _engagement_for(request, pk)
        try:
            letter = services.mission_letter_prepare(engagement=engagement)
            services.mission_letter_validate(letter=letter, by=request.user)
        except services.PacteError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Lettre de mission validée.")
        return redirect("pacte_admin:engagement", pk=pk)


def academy_admin(user) -> bool:
    return is_academy_admin(user)

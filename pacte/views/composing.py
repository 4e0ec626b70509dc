"""Composing a Pacte (direction and RBDE; services check every rule)."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.views.generic import TemplateView

from etablissements.admin_views import PortalAdminTemplateMixin

from .. import services
from ..forms import (
    CompositionForm,
    NewEngagementForm,
)
from ..models import (
    Mission,
)
from .base import REFERENCE_LABEL, SchoolYearMixin, _engagement_for, composer_only

# --- Composing a Pacte (direction and RBDE; services check every rule) ---------------------


class _ComposerOnly:
    """After SchoolYearMixin has chosen the school: the inspector (IEN) only reads."""

    def dispatch(self, request, *args, **kwargs):
        composer_only(request.user, self.school)
        return super().dispatch(request, *args, **kwargs)


class NewEngagementView(SchoolYearMixin, _ComposerOnly, PortalAdminTemplateMixin, TemplateView):
    template_name = "pacte/admin/new_engagement.html"
    page_title = "Nouveau Pacte"
    header_icon = "plus"

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            form=form or NewEngagementForm(school=self.school), query=self.query(), **kwargs
        )

    def post(self, request):
        form = NewEngagementForm(request.POST, school=self.school)
        if form.is_valid():
            teacher = form.cleaned_data["teacher"]
            try:
                with transaction.atomic():
                    services.teacher_profile_set(
                        user=teacher, school=self.school, status=form.cleaned_data["status"]
                    )
                    engagement = services.engagement_create(
                        teacher=teacher,
                        school=self.school,
                        school_year=self.school_year,
                        by=request.user,
                    )
            except services.PacteError as error:
                form.add_error(None, str(error))
            else:
                return redirect("pacte_admin:compose", pk=engagement.pk)
        return self.render_to_response(self.get_context_data(form=form))


class CompositionView(PortalAdminTemplateMixin, TemplateView):
    """Compose a Pacte: the running total is computed here (a static script only mirrors it)."""

    template_name = "pacte/admin/compose.html"
    header_icon = "edit"

    def dispatch(self, request, pk, *args, **kwargs):
        self.engagement = _engagement_for(request, pk)
        composer_only(request.user, self.engagement.school)
        self.missions = list(Mission.objects.active().for_year(self.engagement.school_year))
        self.fractions = services.fractions_of(self.engagement.school_year)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Composer le {self.engagement}"

    def _form(self, data=None):
        return CompositionForm(
            data, missions=self.missions, engagement=self.engagement, fractions=self.fractions
        )

    def get_context_data(self, form=None, specs=None, **kwargs):
        form = form or self._form()
        if specs is None:
            specs = [
                services.PartSpec(mission=p.mission, parts=p.parts)
                for p in self.engagement.parts.all()
            ]
        year = self.engagement.school_year
        return super().get_context_data(
            engagement=self.engagement,
            form=form,
            reference=REFERENCE_LABEL,
            school_year=year,
            summary=services.composition_summary(
                specs=specs, school_year=year, fractions=self.fractions
            ),
            **kwargs,
        )

    def post(self, request):
        form = self._form(request.POST)
        specs = None
        if form.is_valid():
            specs = form.specs()
            if request.POST.get("action") == "recalculer":
                return self.render_to_response(self.get_context_data(form=form, specs=specs))
            try:
                services.engagement_set_parts(
                    engagement=self.engagement,
                    parts=specs,
                    by=request.user,
                )
            except services.PacteError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Pacte composé.")
                return redirect("pacte_admin:engagement", pk=self.engagement.pk)
        return self.render_to_response(self.get_context_data(form=form, specs=specs))

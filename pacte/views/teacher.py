"""The teacher's mission page, the bilan, own actions, redeployments and carry-overs."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from etablissements.admin_views import PortalAdminTemplateMixin
from etablissements.roles import Role

from .. import pdf, selectors, services
from ..activity import lien_record
from ..forms import (
    ActivityLogForm,
    DecisionForm,
    InterimReportForm,
    RedeployForm,
    ReportCommentsForm,
)
from ..models import (
    ActivityLog,
    Engagement,
    SchoolYear,
)
from .base import _engagement_for, _year_from

# --- The teacher's mission page, the bilan, own actions, redeployments ---------------------


class MyMissionView(PortalAdminTemplateMixin, TemplateView):
    """Ma mission lien école-entreprise: this year's record against the lettre de mission."""

    template_name = "pacte/admin/my_mission.html"
    page_title = "Ma mission lien école-entreprise"
    header_icon = "user"

    def get_context_data(self, **kwargs):
        years = list(SchoolYear.objects.all())
        school_year = _year_from(self.request, years)
        engagement = (
            Engagement.objects.for_user(self.request.user, roles=[Role.TEACHER])
            .of_teacher(self.request.user)
            .for_year(school_year)
            .with_related()
            .prefetch_related("interim_reports")
            .first()
        )
        context = {"school_year": school_year, "school_years": years, "engagement": engagement}
        if engagement is not None:
            interim = selectors.next_interim(school_year, timezone.localdate())
            if interim:
                interim["missing"] = engagement.interim_missing(interim["stage"])
            context["interim"] = interim
            record = lien_record(engagement)
            reports = services.reports_of(engagement)
            lien_open = all(r.is_editable for r in reports if r.mission.counts_portal_activity)
            context.update(
                record=record,
                on_track=record.on_track(),
                lien_parts=engagement.lien_parts(),
                reports=reports,
                log_form=ActivityLogForm(initial={"occurred_on": timezone.localdate()}),
                can_log=lien_open,
            )
        return super().get_context_data(**context, **kwargs)


class ActivityLogAddView(View):
    def post(self, request, pk):
        engagement = _engagement_for(request, pk)
        form = ActivityLogForm(request.POST)
        target = reverse("pacte_admin:my_mission") + f"?annee={engagement.school_year.label}"
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(target)
        try:
            services.activity_log_add(engagement=engagement, by=request.user, **form.cleaned_data)
        except services.PacteError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Action notée : elle compte dans votre bilan.")
        return redirect(target)


def _mission_for(engagement, mission_pk):
    """A mission of the engagement's lettre de mission (404 otherwise)."""
    part = next((p for p in engagement.parts.all() if p.mission_id == mission_pk), None)
    if part is None:
        raise Http404("Cette mission ne figure pas dans la lettre de mission.")
    return part.mission


class ReportsView(PortalAdminTemplateMixin, TemplateView):
    """The bilans of a Pacte, one per mission of the lettre de mission, and their status."""

    template_name = "pacte/admin/reports.html"
    header_icon = "doc-full"

    def dispatch(self, request, pk, *args, **kwargs):
        self.engagement = _engagement_for(request, pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Bilans d’activité {self.engagement.school_year.label}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            engagement=self.engagement, reports=services.reports_of(self.engagement), **kwargs
        )


class ReportView(PortalAdminTemplateMixin, TemplateView):
    """A mission's bilan: the teacher writes, submits; the direction validates or sends back."""

    template_name = "pacte/admin/report.html"
    header_icon = "doc-full"

    def dispatch(self, request, pk, mission, *args, **kwargs):
        self.engagement = _engagement_for(request, pk)
        self.mission = _mission_for(self.engagement, mission)
        self.is_teacher = request.user.pk == self.engagement.teacher_id
        self.can_decide = services.is_direction(request.user, self.engagement.school)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Bilan d’activité {self.engagement.school_year.label} — {self.mission.action}"

    def get_context_data(self, comments_form=None, decision_form=None, **kwargs):
        report = services.report_of(self.engagement, self.mission)
        data = pdf.activity_report_data(report)
        year_end = services.counting_end(self.engagement)
        return super().get_context_data(
            year_end=year_end,
            # Handed in or validated before the year ends: the page says what that means.
            early=timezone.localdate() < year_end,
            coming=len(data.get("coming") or []),
            engagement=self.engagement,
            mission=self.mission,
            report=report,
            data=data,
            rows=pdf.report_rows(data),
            transitions=report.transitions.select_related("by") if report.pk else [],
            interims=selectors.interim_reports_of(self.engagement, self.mission),
            is_teacher=self.is_teacher,
            can_decide=self.can_decide,
            comments_form=comments_form
            or ReportCommentsForm(initial={"comments": report.comments}),
            decision_form=decision_form or DecisionForm(),
            **kwargs,
        )

    def post(self, request):
        action = request.POST.get("action")
        comments_form = ReportCommentsForm(request.POST)
        decision_form = DecisionForm(request.POST)
        eng, by, mission = self.engagement, request.user, self.mission
        try:
            if action in ("save", "submit") and comments_form.is_valid():
                comments = comments_form.cleaned_data["comments"]
                if action == "save":
                    services.report_save_comments(
                        engagement=eng, mission=mission, by=by, comments=comments
                    )
                    messages.success(request, "Commentaires enregistrés.")
                else:
                    services.report_submit(
                        engagement=eng, mission=mission, by=by, comments=comments
                    )
                    messages.success(request, "Bilan remis à la direction.")
            elif action in ("validate", "send_back") and decision_form.is_valid():
                comment = decision_form.cleaned_data["comment"]
                if action == "validate":
                    services.report_validate(
                        engagement=eng, mission=mission, by=by, comment=comment
                    )
                    messages.success(request, "Bilan validé.")
                else:
                    services.report_send_back(
                        engagement=eng, mission=mission, by=by, comment=comment
                    )
                    messages.success(request, "Bilan renvoyé à l’enseignant.")
            else:
                raise services.PacteError("Action inconnue.")
        except services.PacteError as error:
            # Typed text is kept: the page is shown again with the error, nothing saved.
            messages.error(request, str(error))
            return self.render_to_response(
                self.get_context_data(comments_form=comments_form, decision_form=decision_form)
            )
        return redirect("pacte_admin:report", pk=eng.pk, mission=mission.pk)


class InterimReportWriteView(View):
    """The teacher writes where a mission stands for one of the year's interim bilans."""

    def post(self, request, pk, mission, stage):
        engagement = _engagement_for(request, pk)
        mission = _mission_for(engagement, mission)
        form = InterimReportForm(request.POST)
        try:
            if not form.is_valid():
                raise services.PacteError(" ".join(form.errors["text"]))
            services.interim_report_write(
                engagement=engagement,
                mission=mission,
                stage=stage,
                text=form.cleaned_data["text"],
                by=request.user,
            )
        except services.PacteError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Bilan intermédiaire enregistré.")
        return redirect("pacte_admin:report", pk=engagement.pk, mission=mission.pk)


class ReportPdfView(View):
    def get(self, request, pk, mission):
        engagement = _engagement_for(request, pk)
        mission = _mission_for(engagement, mission)
        report = services.report_of(engagement, mission)
        response = HttpResponse(pdf.activity_report_pdf(report), content_type="application/pdf")
        year, code = engagement.school_year.label, mission.code
        filename = f"bilan-activite-{year}-{engagement.teacher.pk}-{code}.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response


class CarryOverView(View):
    def post(self, request, pk):
        engagement = _engagement_for(request, pk)
        raw = (request.POST.get("until") or "").strip()
        try:
            until = datetime.date.fromisoformat(raw) if raw else None
        except ValueError:
            messages.error(request, "Indiquez la date de fin du report (jour, mois, année).")
            return redirect("pacte_admin:engagement", pk=pk)
        try:
            services.engagement_carry_over(engagement=engagement, until=until, by=request.user)
        except services.PacteError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"Missions reportées jusqu’au {until:%d/%m/%Y}." if until else "Report annulé.",
            )
        return redirect("pacte_admin:engagement", pk=pk)


class RedeployView(View):
    def post(self, request, pk):
        engagement = _engagement_for(request, pk)
        form = RedeployForm(request.POST, engagement=engagement)
        if form.is_valid():
            try:
                services.hours_redeploy(by=request.user, **form.cleaned_data)
            except services.PacteError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, "Heures redéployées.")
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect("pacte_admin:engagement", pk=pk)


class ActivityLogDeleteView(View):
    def post(self, request, pk):
        log = get_object_or_404(
            ActivityLog.objects.for_user(request.user).select_related("engagement__school_year"),
            pk=pk,
        )
        year = log.engagement.school_year.label
        try:
            services.activity_log_delete(log=log, by=request.user)
        except services.PacteError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Action retirée de votre relevé.")
        return redirect(reverse("pacte_admin:my_mission") + f"?annee={year}")

"""Staff screens of the Pacte (Wagtail admin). Thin: reads from for_user(), writes via services."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from etablissements.querysets import is_academy_admin
from etablissements.roles import Role

from . import pdf, services
from .activity import counts_for, expected_share, lien_record, on_track, targets_of
from .forms import (
    ActivityLogForm,
    CompositionForm,
    DecisionForm,
    NewEngagementForm,
    RedeployForm,
    ReportCommentsForm,
)
from .models import (
    REFERENCE_COMPOSITION,
    ActivityLog,
    Engagement,
    HoursRedeployment,
    Mission,
    SchoolYear,
    composition_label,
)
from .selectors import repartition_for, repartition_xlsx, schools_managed_by

REFERENCE_LABEL = composition_label(REFERENCE_COMPOSITION)

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
        page = Paginator(engagements.select_related("activity_report"), PER_PAGE).get_page(
            self.request.GET.get("p")
        )
        rows = list(page.object_list)
        counts = counts_for(
            school_id=self.school.pk,
            school_year=self.school_year,
            teacher_ids=[e.teacher_id for e in rows],
        )
        share = expected_share(self.school_year)
        for eng in rows:
            eng.lien_on_track = on_track(targets_of(eng), counts[eng.teacher_id], share)
            eng.lien_counts = counts[eng.teacher_id]
        return super().get_context_data(
            page_obj=page,
            rows=rows,
            bilans=report_summary(engagements),
            query=self.query(),
            # The direction decides and sees the euros; the RBDE sees who follows what.
            can_decide=(can_decide := services.is_direction(self.request.user, self.school)),
            sees_pay=can_decide,
            **kwargs,
        )


def report_summary(engagements) -> dict:
    """How many bilans of these engagements are due, submitted, validated, sent back (1 query)."""
    from django.db.models import Count, Q

    from .models import ReportStatus

    status = "activity_report__status"
    return engagements.order_by().aggregate(
        a_remettre=Count(
            "pk", filter=Q(activity_report__isnull=True) | Q(**{status: ReportStatus.DRAFT})
        ),
        remis=Count("pk", filter=Q(**{status: ReportStatus.SUBMITTED})),
        valides=Count("pk", filter=Q(**{status: ReportStatus.VALIDATED})),
        renvoyes=Count("pk", filter=Q(**{status: ReportStatus.SENT_BACK})),
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
        can_decide = services.is_direction(self.request.user, eng.school)
        redeployments = HoursRedeployment.objects.filter(from_part__engagement=eng).select_related(
            "from_part__mission", "to_mission", "by"
        )
        return super().get_context_data(
            engagement=eng,
            letter=getattr(eng, "mission_letter", None),
            can_decide=can_decide,
            can_compose=can_decide
            or services.user_has_role(self.request.user, eng.school, Role.RBDE),
            report=services.report_of(eng),
            sees_pay=can_decide or self.request.user.pk == eng.teacher_id,
            redeployments=redeployments,
            redeploy_form=RedeployForm(engagement=eng) if can_decide else None,
            **kwargs,
        )


class MissionLetterPdfView(View):
    def get(self, request, pk):
        engagement = _engagement_for(request, pk)
        if not services.sees_pay(request.user, engagement.school, teacher=engagement.teacher):
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
        response = HttpResponse(pdf.mission_letter_pdf(letter), content_type="application/pdf")
        filename = f"lettre-de-mission-{engagement.school_year.label}-{engagement.teacher.pk}.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response


class MissionLetterValidateView(WagtailAdminTemplateMixin, TemplateView):
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


def academy_admin(user) -> bool:
    return is_academy_admin(user)


# --- The teacher's mission page, the bilan, own actions, redeployments ---------------------


class MyMissionView(WagtailAdminTemplateMixin, TemplateView):
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
            .select_related("activity_report")
            .first()
        )
        context = {"school_year": school_year, "school_years": years, "engagement": engagement}
        if engagement is not None:
            record = lien_record(engagement)
            report = getattr(engagement, "activity_report", None)
            context.update(
                record=record,
                on_track=record.on_track(),
                lien_parts=engagement.lien_parts(),
                report=report,
                log_form=ActivityLogForm(initial={"occurred_on": timezone.localdate()}),
                can_log=report is None or report.is_editable,
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


class ReportView(WagtailAdminTemplateMixin, TemplateView):
    """The bilan d'activité: the teacher writes, submits; the direction validates or sends back."""

    template_name = "pacte/admin/report.html"
    header_icon = "doc-full"

    def dispatch(self, request, pk, *args, **kwargs):
        self.engagement = _engagement_for(request, pk)
        self.is_teacher = request.user.pk == self.engagement.teacher_id
        self.can_decide = services.is_direction(request.user, self.engagement.school)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Bilan d’activité {self.engagement.school_year.label}"

    def get_context_data(self, comments_form=None, decision_form=None, **kwargs):
        report = services.report_of(self.engagement)
        data = pdf.activity_report_data(report)
        return super().get_context_data(
            engagement=self.engagement,
            report=report,
            data=data,
            rows=pdf.report_rows(data),
            transitions=report.transitions.select_related("by") if report.pk else [],
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
        eng, by = self.engagement, request.user
        try:
            if action in ("save", "submit") and comments_form.is_valid():
                comments = comments_form.cleaned_data["comments"]
                if action == "save":
                    services.report_save_comments(engagement=eng, by=by, comments=comments)
                    messages.success(request, "Commentaires enregistrés.")
                else:
                    services.report_submit(engagement=eng, by=by, comments=comments)
                    messages.success(request, "Bilan remis à la direction.")
            elif action in ("validate", "send_back") and decision_form.is_valid():
                comment = decision_form.cleaned_data["comment"]
                if action == "validate":
                    services.report_validate(engagement=eng, by=by, comment=comment)
                    messages.success(request, "Bilan validé.")
                else:
                    services.report_send_back(engagement=eng, by=by, comment=comment)
                    messages.success(request, "Bilan renvoyé à l’enseignant.")
            else:
                raise services.PacteError("Action inconnue.")
        except services.PacteError as error:
            # Typed text is kept: the page is shown again with the error, nothing saved.
            messages.error(request, str(error))
            return self.render_to_response(
                self.get_context_data(comments_form=comments_form, decision_form=decision_form)
            )
        return redirect("pacte_admin:report", pk=eng.pk)


class ReportPdfView(View):
    def get(self, request, pk):
        engagement = _engagement_for(request, pk)
        report = services.report_of(engagement)
        response = HttpResponse(pdf.activity_report_pdf(report), content_type="application/pdf")
        filename = f"bilan-activite-{engagement.school_year.label}-{engagement.teacher.pk}.pdf"
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


# --- Composing a Pacte (direction and RBDE; services check every rule) ---------------------


class NewEngagementView(SchoolYearMixin, WagtailAdminTemplateMixin, TemplateView):
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


class CompositionView(WagtailAdminTemplateMixin, TemplateView):
    """Compose a Pacte: the running total is computed here (a static script only mirrors it)."""

    template_name = "pacte/admin/compose.html"
    header_icon = "edit"

    def dispatch(self, request, pk, *args, **kwargs):
        self.engagement = _engagement_for(request, pk)
        self.missions = list(Mission.objects.active())
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
                    derogation=form.cleaned_data["derogation"],
                    derogation_reason=form.cleaned_data["derogation_reason"],
                )
            except services.PacteError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Pacte composé.")
                return redirect("pacte_admin:engagement", pk=self.engagement.pk)
        return self.render_to_response(self.get_context_data(form=form, specs=specs))


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

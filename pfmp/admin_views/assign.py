"""Placing a pupil: the suggestions (partner companies with places left, nearest first, then
prospects), a search among the school's companies, then the tutor and referent teacher."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView

from entreprises.models import Company
from etablissements.admin_views import PortalAdminTemplateMixin

from ..forms import AssignForm
from ..models import PfmpPeriod, Pupil
from ..selectors import suggestions
from ..services import PfmpError, placement_assign
from .board import BoardPermissionMixin


def companies_open_to(user, school):
    """The companies the RBDE may place a pupil with: those in partnership with their schools
    and those that offered places to the school."""
    return Company.objects.filter(
        Q(pk__in=Company.objects.for_user(user).values("pk"))
        | Q(submissions__addressees__school=school)
    ).distinct()


class AssignView(BoardPermissionMixin, PortalAdminTemplateMixin, FormView):
    template_name = "pfmp/admin/assign.html"
    form_class = AssignForm
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        self.period = get_object_or_404(
            PfmpPeriod.objects.for_user(request.user).select_related("school_class__school"),
            pk=kwargs["period"],
        )
        self.pupil = get_object_or_404(Pupil.objects.for_user(request.user), pk=kwargs["pupil"])
        wanted = request.POST.get("entreprise") or request.GET.get("entreprise")
        self.company = None
        if wanted and str(wanted).isdigit():
            school = self.period.school_class.school
            self.company = get_object_or_404(companies_open_to(request.user, school), pk=wanted)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Placer {self.pupil} ({self.period.school_class.name})"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "company": self.company, "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = (self.request.GET.get("q") or "").strip()
        found = []
        if query and self.company is None:
            school = self.period.school_class.school
            digits = query.replace(" ", "")
            condition = Q(name__icontains=query) | Q(town__iexact=query)
            if digits.isdigit():
                condition |= Q(siret__startswith=digits)
            found = list(
                companies_open_to(self.request.user, school).filter(condition).order_by("name")[:10]
            )
        context.update(
            period=self.period,
            pupil=self.pupil,
            company=self.company,
            suggestions=suggestions(period=self.period) if self.company is None else [],
            query=query,
            found=found,
        )
        return context

    def form_valid(self, form):
        if self.company is None:
            form.add_error(None, "Choisissez d’abord l’entreprise.")
            return self.form_invalid(form)
        data = form.cleaned_data
        try:
            placement_assign(
                pupil=self.pupil,
                period=self.period,
                company=self.company,
                tutor=data["tutor"],
                referent_teacher=data["referent_teacher"],
                start=data["start"],
                end=data["end"],
                by=self.request.user,
            )
        except PfmpError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, f"Piste notée : {self.pupil} chez {self.company.name}.")
        return redirect("pfmp_admin:period", pk=self.period.pk)

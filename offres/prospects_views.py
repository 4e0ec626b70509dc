"""« Entreprises à démarcher »: a school's prospects from the companies register (staff screen,
thin: reads from querysets, writes through offres.services.prospects)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from common.wording import count_text
from entreprises.naf import naf_labels
from entreprises.registry import RegistryUnavailable, is_enabled
from etablissements.models import School
from etablissements.querysets import is_academy_admin
from etablissements.roles import Role

from .models import Prospect, ProspectSearch
from .services import SubmissionError
from .services.prospects import prospect_add, prospects_refresh, school_naf_prefixes

PER_PAGE = 25
PERMISSION = "partenariats.add_partnership"


class ProspectsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "offres/admin/prospects.html"
    page_title = "Entreprises à démarcher"
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": "Accueil"},
            {"url": "", "label": self.page_title},
        ]

    def schools(self):
        """The RBDE's schools; every school for the académie administrator."""
        user = self.request.user
        if is_academy_admin(user):
            return School.objects.for_user(user)
        return School.objects.for_user(user, roles=[Role.RBDE])

    def school(self):
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        chosen = str(source.get("etablissement") or "")
        schools = self.schools().order_by("name")
        if chosen.isdigit() and len(chosen) < 12:
            return get_object_or_404(schools, pk=int(chosen))
        school = schools.first()
        if school is None:
            raise PermissionDenied
        return school

    def _back(self, school):
        return redirect(f"{reverse('offres_prospects')}?{urlencode({'etablissement': school.pk})}")

    def post(self, request, *args, **kwargs):
        school = self.school()
        if request.POST.get("action") == "actualiser":
            try:
                count = prospects_refresh(school=school)
            except RegistryUnavailable:
                messages.error(request, "Le registre des entreprises ne répond pas : réessayez.")
            else:
                messages.success(
                    request,
                    f"Liste actualisée : {count_text(count, 'établissement', 'établissements')}.",
                )
            return self._back(school)
        chosen = str(request.POST.get("prospect") or "")
        prospect = get_object_or_404(
            Prospect.objects.for_user(request.user).filter(school=school),
            pk=int(chosen) if chosen.isdigit() and len(chosen) < 12 else 0,
        )
        try:
            prospect_add(prospect=prospect, by=request.user)
        except SubmissionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, f"{prospect.name} ajoutée aux partenariats du lycée comme prospect."
            )
        return self._back(school)

    def get_context_data(self, **kwargs):
        school = self.school()
        rows = (
            Prospect.objects.for_user(self.request.user)
            .filter(school=school)
            .not_partners()
            .order_by("distance_km", "name", "pk")
        )
        page = Paginator(rows, PER_PAGE).get_page(self.request.GET.get("p"))
        labels = naf_labels()
        return super().get_context_data(
            school=school,
            schools=self.schools().order_by("name"),
            search=ProspectSearch.objects.filter(school=school).first(),
            prefixes=school_naf_prefixes(school),
            enabled=is_enabled(),
            radius=settings.PROSPECTS_RADIUS_KM,
            refresh_days=settings.PROSPECTS_REFRESH_DAYS,
            page_obj=page,
            rows=[(p, labels.get(p.naf_code, "")) for p in page],
            **kwargs,
        )

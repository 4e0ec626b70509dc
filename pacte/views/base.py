"""What the Pacte's screens share: the school year chosen, the summaries, who is admin."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from etablissements.querysets import is_academy_admin
from etablissements.roles import Role

from ..models import (
    REFERENCE_COMPOSITION,
    Engagement,
    ReportStatus,
    SchoolYear,
    composition_label,
)
from ..selectors import schools_managed_by
from ..services import is_direction, user_has_role

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


def report_summary(engagements) -> dict:
    """How many missions' bilans of these engagements are due, submitted, validated, sent back."""

    # One bilan per mission: counted over the parts and the bilans (distinct rows, 1 query).
    status = "activity_reports__status"
    summary = engagements.order_by().aggregate(
        missions=Count("parts", distinct=True),
        remis=Count(
            "activity_reports", filter=Q(**{status: ReportStatus.SUBMITTED}), distinct=True
        ),
        valides=Count(
            "activity_reports", filter=Q(**{status: ReportStatus.VALIDATED}), distinct=True
        ),
        renvoyes=Count(
            "activity_reports", filter=Q(**{status: ReportStatus.SENT_BACK}), distinct=True
        ),
    )
    missions = summary.pop("missions")
    summary["a_remettre"] = missions - summary["remis"] - summary["valides"] - summary["renvoyes"]
    return summary


def _engagement_for(request, pk) -> Engagement:
    return get_object_or_404(Engagement.objects.for_user(request.user).with_related(), pk=pk)


def can_compose(user, school) -> bool:
    """Direction and RBDE open and compose Pactes; the inspector (IEN) only reads them."""
    return is_direction(user, school) or user_has_role(user, school, Role.RBDE)


def composer_only(user, school) -> None:
    if not can_compose(user, school):
        raise PermissionDenied(
            "Seuls la direction et le bureau des entreprises composent les Pactes."
        )


def academy_admin(user) -> bool:
    return is_academy_admin(user)

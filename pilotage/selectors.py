"""Reads of the académie's dashboard, over the summary table (a few grouped queries)."""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter

from django.db.models import Max, Sum
from django.utils import timezone

from common.release import release
from entreprises.validators import postcode_in_departement
from etablissements.models import School, SchoolKind
from etablissements.querysets import is_academy_admin, school_ids_subquery
from etablissements.roles import Role
from etablissements.selectors import school_named_q
from offres.models import SubmissionKind
from partenariats.models import Interaction

from .models import (
    AcademyYearBreakdown,
    AcademyYearFigures,
    Dimension,
    SchoolPlacementFigures,
    SchoolTradeArea,
    SchoolYearBreakdown,
    SchoolYearFigures,
    school_year_label,
)
from .services import COUNTERS, median_days, partner_companies_by_year, year_start_of

# (field, label) of the figures shown, in the order of the tables.
FIGURES = [
    ("active_partnerships", "Partenariats actifs"),
    ("proposals_received", "Propositions reçues"),
    ("proposals_answered", "Propositions traitées"),
    ("trainings_held", "Sessions de formation des tuteurs"),
    ("tutors_trained", "Tuteurs formés"),
    ("mentoring_pairs", "Binômes de mentorat actifs"),
    ("events_held", "Événements"),
    ("pacte_lien_engagements", "Pactes avec le forfait lien école-entreprise"),
    ("bilans_validated", "Bilans d’activité validés"),
]
assert {f for f, _ in FIGURES} == set(COUNTERS)


def can_view_dashboard(user) -> bool:
    """The academy administrator, or a direction (of its own schools)."""
    if is_academy_admin(user):
        return True
    return (
        bool(user and user.is_authenticated)
        and user.memberships.filter(role=Role.DIRECTION).exists()
    )


def schools_for_dashboard(user):
    """Every school for the académie; a direction's own schools otherwise."""
    if is_academy_admin(user):
        return School.objects.for_user(user)
    return School.objects.filter(pk__in=school_ids_subquery(user, [Role.DIRECTION]))


@dataclasses.dataclass
class Filters:
    year: int
    departement: str = ""
    kind: str = ""
    trade_area: str = ""
    school: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.departement or self.kind or self.trade_area or self.school)


@dataclasses.dataclass
class Dashboard:
    filters: Filters
    years: list[dict]  # one per school year: label, each figure, median, companies
    kinds: list[tuple[str, int]]  # proposals of the chosen year by kind
    median: float | None
    schools: object  # queryset of SchoolYearFigures of the chosen year (paginated by the view)
    refreshed_at: object
    year_choices: list[tuple[int, str]]
    departements: list[str]
    trade_areas: list[str]
    school_choices: list[tuple[int, str]]

    @property
    def current(self) -> dict:
        return next((y for y in self.years if y["year"] == self.filters.year), {})


def figures_for(user, filters: Filters):
    rows = SchoolYearFigures.objects.filter(school__in=schools_for_dashboard(user))
    if filters.departement:
        rows = rows.filter(departement=filters.departement)
    # Kind and filière as of the refresh, like the sums of AcademyYearBreakdown.
    if filters.kind:
        rows = rows.filter(school_kind=filters.kind)
    if filters.trade_area:
        rows = rows.filter(
            school__in=SchoolTradeArea.objects.filter(trade_area=filters.trade_area).values(
                "school_id"
            )
        )
    if filters.school:
        rows = rows.filter(school_id=filters.school)
    return rows


def breakdown_for(rows, dimension: str, *, year: int | None = None):
    """Sums of the breakdown rows of the schools in `rows` (filters applied), grouped."""
    schools = rows.values("school_id")
    if year is not None:
        schools = schools.filter(year_start=year)
    parts = SchoolYearBreakdown.objects.filter(
        dimension=dimension, school_id__in=schools.order_by()
    )
    if year is not None:
        parts = parts.filter(year_start=year)
    return parts.values_list("year_start", "key").annotate(n=Sum("count")).order_by()


def histograms_by(rows) -> dict:
    histograms: dict = {}
    for group, key, n in breakdown_for(rows, Dimension.ANSWER_DAYS):
        histograms.setdefault(group, Counter())[key] += n
    return histograms


def academy_breakdowns(year: int, *, kind: str = "", trade_area: str = "") -> tuple[dict, dict]:
    """Answer-delay histograms by year and proposals of `year` by kind, over every school, or
    every school of a kind and/or filière (the summed rows of the refresh: one small query)."""
    histograms: dict = {}
    kinds: dict = {}
    for year_start, dimension, key, n in AcademyYearBreakdown.objects.filter(
        school_kind=kind, trade_area=trade_area
    ).values_list("year_start", "dimension", "key", "count"):
        if dimension == Dimension.ANSWER_DAYS:
            histograms.setdefault(year_start, Counter())[key] += n
        elif year_start == year:
            kinds[key] = n
    return histograms, kinds


def dashboard_for(user, filters: Filters) -> Dashboard:
    """The académie's (or a direction's) figures: trends by year, kinds, one row per school."""
    rows = figures_for(user, filters)
    totals = list(
        rows.values("year_start")
        .annotate(**{f: Sum(f) for f in COUNTERS}, refreshed=Max("refreshed_at"))
        .order_by("year_start")
    )
    # Every school, or every school of a kind and/or filière: the refresh summed them already.
    summed = is_academy_admin(user) and not (filters.departement or filters.school)
    if summed:
        histograms, kinds = academy_breakdowns(
            filters.year, kind=filters.kind, trade_area=filters.trade_area
        )
    else:
        histograms = histograms_by(rows)
        kinds = {key: n for _, key, n in breakdown_for(rows, Dimension.KIND, year=filters.year)}
    # Counted for the unfiltered view only (a year without any interaction counts 0); filtered,
    # the column is not shown.
    companies = None
    if summed and not filters.active:
        companies = dict(AcademyYearFigures.objects.values_list("year_start", "partner_companies"))
    elif not filters.active:
        # A direction (or a filtered académie): its schools' companies, counted now (1 query).
        companies = partner_companies_by_year(
            Interaction.objects.filter(
                partnership__school_id__in=rows.values("school_id"),
                occurred_on__lte=timezone.localdate(),
            )
        )
    years = [
        {
            **t,
            "year": t["year_start"],
            "label": school_year_label(t["year_start"]),
            "median": median_days(histograms.get(t["year_start"], Counter())),
            "companies": None if companies is None else companies.get(t["year_start"], 0),
        }
        for t in totals
    ]
    year_choices = [(y["year"], y["label"]) for y in years] or [
        (filters.year, school_year_label(filters.year))
    ]
    schools = schools_for_dashboard(user)
    return Dashboard(
        filters=filters,
        years=years,
        kinds=[(label, kinds.get(value, 0)) for value, label in SubmissionKind.choices],
        median=median_days(histograms.get(filters.year, Counter())),
        schools=rows.filter(year_start=filters.year)
        .select_related("school")
        .order_by("school__name", "school_id"),
        refreshed_at=max((t["refreshed"] for t in totals), default=None),
        year_choices=year_choices,
        departements=list(
            SchoolYearFigures.objects.filter(school__in=schools, year_start=filters.year)
            .exclude(departement="")
            .values_list("departement", flat=True)
            .distinct()
            .order_by("departement")
        ),
        trade_areas=list(
            SchoolTradeArea.objects.filter(school__in=schools)
            .values_list("trade_area", flat=True)
            .distinct()
            .order_by("trade_area")
        ),
        school_choices=[]
        if is_academy_admin(user)
        else list(schools.values_list("pk", "name").order_by("name")),
    )


def figures_refreshed_at():
    """When the indicators were last computed (every row of a refresh has the same time)."""
    return AcademyYearFigures.objects.aggregate(at=Max("refreshed_at"))["at"]


def dashboard_cache_key(user, query: str, stamp=None) -> str:
    """What the dashboard's rendered body depends on: whose schools (the académie, or the
    direction's schools as they are now), the filters and page, the last refresh, and the
    code's release (a deploy never shows the previous templates' body)."""
    stamp = stamp or figures_refreshed_at()
    if is_academy_admin(user):
        scope = "academie"
    else:
        scope = ",".join(str(pk) for pk in schools_for_dashboard(user).values_list("pk", flat=True))
    raw = f"{release()}|{scope}|{query}|{stamp.isoformat() if stamp else '-'}"
    return "pilotage-dashboard:" + hashlib.sha256(raw.encode()).hexdigest()


def default_year() -> int:
    return year_start_of(timezone.localdate())


KIND_CHOICES = SchoolKind.choices


def placement_rate_total(figure_rows, year_start: int) -> tuple[int, int]:
    """(pupils × periods, placed) of the schools of these SchoolYearFigures rows in a year,
    summed from the placement summary rows."""
    sums = SchoolPlacementFigures.objects.filter(
        school__in=figure_rows.values("school_id"), year_start=year_start
    ).aggregate(pupils=Sum("pupils"), placed=Sum("placed"))
    return sums["pupils"] or 0, sums["placed"] or 0


def school_placement_rows(
    user, *, year_start: int, school: int | None = None, departement: str = "", named: str = ""
):
    """The placement summary rows of a school year, one per school, of the schools `user` sees:
    one school (`school`), or those of a département (a valid code) and whose name, town or
    UAI holds the words `named`."""
    rows = SchoolPlacementFigures.objects.filter(year_start=year_start)
    # The académie's whole country needs no « IN (every school) », which probed the schools'
    # index once per row (2,100 at national size) in each of the page's queries.
    if school or not is_academy_admin(user):
        schools = schools_for_dashboard(user)
        rows = rows.filter(school__in=schools.filter(pk=school) if school else schools)
    if departement:
        rows = rows.filter(postcode_in_departement(departement, "school__postcode"))
    if named.strip():  # in the join: no query for the ids of 2,100 schools' names
        rows = rows.filter(school_named_q(named, "school__"))
    return rows

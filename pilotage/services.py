"""Rebuild the indicators' summary table from the sources, one grouped query per figure."""

import datetime
from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, When
from django.db.models.functions import ExtractYear
from django.utils import timezone

from entreprises.validators import departement_from_postcode
from etablissements.models import School
from formations.models import Event, MentoringPair, Registration, RegistrationStatus, TutorTraining
from offres.models import SchoolDiploma, SubmissionSchool, SubmissionStatus
from pacte.models import ActivityReport, Engagement, ReportStatus
from partenariats.models import Interaction

from .models import (
    AcademyYearBreakdown,
    AcademyYearFigures,
    Dimension,
    SchoolTradeArea,
    SchoolYearBreakdown,
    SchoolYearFigures,
)
from .placement_figures import placement_figures_refresh

YEARS_KEPT = 5  # the current school year and the four before it
COUNTERS = [
    "active_partnerships",
    "proposals_received",
    "proposals_answered",
    "trainings_held",
    "tutors_trained",
    "mentoring_pairs",
    "events_held",
    "pacte_lien_engagements",
    "bilans_validated",
]
ANSWERED = [SubmissionStatus.ACCEPTED, SubmissionStatus.REFUSED, SubmissionStatus.CLOSED]


def year_start_of(day: datetime.date) -> int:
    """The school year of a day, named by the year of its rentrée (1 September)."""
    return day.year if day.month >= 9 else day.year - 1


def year_of(field: str):
    """The same in the database, for grouping."""
    return Case(
        When(**{f"{field}__month__gte": 9}, then=ExtractYear(field)),
        default=ExtractYear(field) - 1,
        output_field=IntegerField(),
    )


def median_days(histogram: Counter) -> float | None:
    """The median of delays given as {days: count} (the mean of the two middles if even)."""
    total = sum(histogram.values())
    if not total:
        return None
    middles = [(total - 1) // 2, total // 2]
    found, seen = [], 0
    for days in sorted(histogram, key=int):
        count = histogram[days]
        while middles and middles[0] < seen + count:
            found.append(int(days))
            middles.pop(0)
        seen += count
    return sum(found) / 2


def _since(first_year: int) -> datetime.date:
    return datetime.date(first_year, 9, 1)


def partner_companies_by_year(interactions) -> dict[int, int]:
    """{school year start: distinct companies with an interaction that year}: the académie's
    figure (every interaction, stored by the refresh) and a direction's (its schools', live)."""
    rows = (
        interactions.annotate(y=year_of("occurred_on"))
        .values("y")
        .annotate(n=Count("partnership__company_id", distinct=True))
        .order_by()
    )
    return {row["y"]: row["n"] for row in rows}


class _Figures(defaultdict):
    """Each school's counters per (school, year), for the years kept."""

    def __init__(self, years: list[int]):
        super().__init__(
            lambda: {name: 0 for name in COUNTERS} | {"by_kind": Counter(), "days": Counter()}
        )
        self.years = years

    def put(self, rows, name: str, school_key: str = "school_id") -> None:
        for row in rows:
            if row["y"] in self.years:
                self[(row[school_key], row["y"])][name] += row["n"]

    def put_by_rentree(self, rows, name: str, school_key: str) -> None:
        """Rows dated by a SchoolYear's start, which may fall late in August: its rentrée year is
        the year of its start + 4 months."""
        for row in rows:
            year = year_start_of(row["start"] + datetime.timedelta(days=120)) if row["start"] else 0
            self.put([{school_key: row[school_key], "y": year, "n": row["n"]}], name, school_key)


@transaction.atomic
def indicators_refresh(*, now: datetime.datetime | None = None) -> int:
    """Recompute every school's figures for the years kept, in one transaction (a reader sees
    the old figures or the new ones); returns the rows written."""
    # One refresh at a time (beat, « Recalculer maintenant », after writes): a second one waits
    # here for the first to commit, then replaces its rows; without the wait its DELETE would
    # miss them and its INSERT break the unique constraint.
    list(AcademyYearFigures.objects.select_for_update().values_list("pk", flat=True)[:1])
    now = now or timezone.now()
    today = timezone.localdate(now)
    current = year_start_of(today)
    years = list(range(current - YEARS_KEPT + 1, current + 1))
    since = _since(years[0])
    figures = _Figures(years)
    _count_partnerships(figures, since=since, today=today)
    _count_proposals(figures, since=since)
    _count_tutors_and_events(figures, since=since, now=now)
    _count_pacte(figures, since=since)
    areas = _trade_areas_write()
    kinds, written = _school_figures_write(figures, now=now)
    _breakdowns_write(figures, kinds=kinds, areas=areas)
    _academy_figures_write(years, since=since, today=today, now=now)
    placement_figures_refresh(years=years, today=today, now=now)
    return written


def _count_partnerships(figures: _Figures, *, since, today) -> None:
    figures.put(
        Interaction.objects.filter(occurred_on__gte=since, occurred_on__lte=today)
        .annotate(y=year_of("occurred_on"))
        .values("partnership__school_id", "y")
        .annotate(n=Count("partnership_id", distinct=True))
        .order_by(),
        "active_partnerships",
        "partnership__school_id",
    )


def _count_proposals(figures: _Figures, *, since) -> None:
    """Proposals received (by kind) and answered (with the days the answer took)."""
    received = (
        SubmissionSchool.objects.filter(submission__created_at__date__gte=since)
        .annotate(y=year_of("submission__created_at"), kind=F("submission__kind"))
        .values("school_id", "y", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in received:
        if row["y"] in figures.years:
            cell = figures[(row["school_id"], row["y"])]
            cell["proposals_received"] += row["n"]
            cell["by_kind"][row["kind"]] += row["n"]
    answers = SubmissionSchool.objects.filter(
        submission__created_at__date__gte=since, status__in=ANSWERED, handled_at__isnull=False
    ).values_list("school_id", "submission__created_at", "handled_at")
    for school_id, created_at, handled_at in answers.iterator(chunk_size=5000):
        cell = figures[(school_id, year_start_of(timezone.localdate(created_at)))]
        cell["proposals_answered"] += 1
        cell["days"][str(max(0, (handled_at - created_at).days))] += 1


def _count_tutors_and_events(figures: _Figures, *, since, now) -> None:
    """Tutor trainings held, tutors trained, mentoring pairs running, partner events held."""
    figures.put(
        TutorTraining.objects.filter(starts_at__date__gte=since, starts_at__lt=now)
        .annotate(y=year_of("starts_at"))
        .values("school_id", "y")
        .annotate(n=Count("id"))
        .order_by(),
        "trainings_held",
    )
    figures.put(
        Registration.objects.filter(
            training__starts_at__date__gte=since, status=RegistrationStatus.PRESENT
        )
        .annotate(y=year_of("training__starts_at"))
        .values("training__school_id", "y")
        .annotate(n=Count("contact_id", distinct=True))
        .order_by(),
        "tutors_trained",
        "training__school_id",
    )
    today = timezone.localdate(now)
    for year in figures.years:
        start, end = _since(year), min(datetime.date(year + 1, 8, 31), today)
        pairs = (
            MentoringPair.objects.filter(start_date__lte=end)
            .exclude(ended_on__lt=start)
            .values("school_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        figures.put(({**row, "y": year} for row in pairs), "mentoring_pairs")
    figures.put(
        Event.objects.filter(starts_at__date__gte=since, starts_at__lt=now)
        .annotate(y=year_of("starts_at"))
        .values("school_id", "y")
        .annotate(n=Count("id"))
        .order_by(),
        "events_held",
    )


def _count_pacte(figures: _Figures, *, since) -> None:
    """Pactes with a mission that counts the portal's activity, and validated bilans."""
    figures.put_by_rentree(
        Engagement.objects.filter(
            school_year__start__gte=since - datetime.timedelta(days=60),
            parts__mission__counts_portal_activity=True,
        )
        .values("school_id", start=F("school_year__start"))
        .annotate(n=Count("id", distinct=True))
        .order_by(),
        "pacte_lien_engagements",
        "school_id",
    )
    figures.put_by_rentree(
        ActivityReport.objects.filter(
            status=ReportStatus.VALIDATED,
            engagement__school_year__start__gte=since - datetime.timedelta(days=60),
        )
        .values("engagement__school_id", start=F("engagement__school_year__start"))
        .annotate(n=Count("id"))
        .order_by(),
        "bilans_validated",
        "engagement__school_id",
    )


def _trade_areas_write() -> dict[int, set[str]]:
    """Each school's filières, rewritten; returned for the academy's breakdowns."""
    areas = defaultdict(set)
    for school_id, area in SchoolDiploma.objects.exclude(trade_area="").values_list(
        "school_id", "trade_area"
    ):
        areas[school_id].add(area)
    SchoolTradeArea.objects.all().delete()
    SchoolTradeArea.objects.bulk_create(
        (SchoolTradeArea(school_id=i, trade_area=a) for i in areas for a in areas[i]),
        batch_size=2000,
    )
    return areas


def _school_figures_write(figures: _Figures, *, now) -> tuple[dict[int, str], int]:
    """One row per school and year kept (zeros included); returns the schools' kinds and the
    rows written."""
    SchoolYearFigures.objects.all().delete()
    rows = []
    kinds = {}
    schools = School.objects.values_list("pk", "postcode", "kind")
    for school_id, postcode, kind in schools.iterator():
        kinds[school_id] = kind
        departement = departement_from_postcode(postcode)
        for year in figures.years:
            cell = figures.get((school_id, year)) or figures.default_factory()
            rows.append(
                SchoolYearFigures(
                    school_id=school_id,
                    year_start=year,
                    departement=departement,
                    school_kind=kind,
                    answer_median_days=median_days(cell["days"]),
                    refreshed_at=now,
                    **{name: cell[name] for name in COUNTERS},
                )
            )
    SchoolYearFigures.objects.bulk_create(rows, batch_size=2000)
    return kinds, len(rows)


def _breakdowns_write(figures: _Figures, *, kinds, areas) -> None:
    """The breakdowns by kind of proposal and answer delay, per school and per academy group."""
    years = figures.years
    SchoolYearBreakdown.objects.all().delete()
    SchoolYearBreakdown.objects.bulk_create(
        (
            SchoolYearBreakdown(
                school_id=school_id, year_start=year, dimension=dimension, key=key, count=n
            )
            for (school_id, year), cell in figures.items()
            if year in years
            for dimension, counter in _breakdowns(cell)
            for key, n in counter.items()
        ),
        batch_size=2000,
    )
    groups = _groups(figures, years, kinds, areas)
    AcademyYearBreakdown.objects.all().delete()
    AcademyYearBreakdown.objects.bulk_create(
        (
            AcademyYearBreakdown(
                school_kind=kind,
                trade_area=area,
                year_start=year,
                dimension=dimension,
                key=key,
                count=n,
            )
            for (kind, area, year, dimension), counter in groups.items()
            for key, n in counter.items()
        ),
        batch_size=2000,
    )


def _academy_figures_write(years: list[int], *, since, today, now) -> None:
    """The distinct partner companies of the whole academy, per year."""
    AcademyYearFigures.objects.all().delete()
    by_year = partner_companies_by_year(
        Interaction.objects.filter(occurred_on__gte=since, occurred_on__lte=today)
    )
    AcademyYearFigures.objects.bulk_create(
        AcademyYearFigures(year_start=y, partner_companies=by_year.get(y, 0), refreshed_at=now)
        for y in years
    )


def _breakdowns(cell):
    return ((Dimension.KIND, cell["by_kind"]), (Dimension.ANSWER_DAYS, cell["days"]))


def _groups(figures, years, kinds, areas) -> dict[tuple, Counter]:
    """The breakdowns summed by kind of school and filière ("" for all): each school counts
    once in its kind × each filière it prepares, then the kinds are added up into "all kinds"."""
    by_kind: dict[tuple, Counter] = defaultdict(Counter)
    for (school_id, year), cell in figures.items():
        if year not in years or school_id not in kinds:
            continue
        for area in ("", *areas.get(school_id, ())):
            for dimension, counter in _breakdowns(cell):
                by_kind[(kinds[school_id], area, year, dimension)].update(counter)
    groups: dict[tuple, Counter] = defaultdict(Counter)
    for (kind, area, year, dimension), counter in by_kind.items():
        if kind:
            groups[(kind, area, year, dimension)].update(counter)
        groups[("", area, year, dimension)].update(counter)
    return groups

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
from offres.models import SubmissionSchool, SubmissionStatus
from pacte.models import ActivityReport, Engagement, ReportStatus
from partenariats.models import Interaction

from .models import (
    AcademyYearBreakdown,
    AcademyYearFigures,
    Dimension,
    SchoolYearBreakdown,
    SchoolYearFigures,
)

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


def _since(first_year: int) -> datetime.date:
    return datetime.date(first_year, 9, 1)


@transaction.atomic
def indicators_refresh(*, now: datetime.datetime | None = None) -> int:
    """Recompute every school's figures for the years kept; returns the rows written."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    current = year_start_of(today)
    years = list(range(current - YEARS_KEPT + 1, current + 1))
    since = _since(years[0])
    figures: dict[tuple[int, int], dict] = defaultdict(
        lambda: {name: 0 for name in COUNTERS} | {"by_kind": Counter(), "days": Counter()}
    )

    def put(rows, name, school_key="school_id"):
        for row in rows:
            if row["y"] in years:
                figures[(row[school_key], row["y"])][name] += row["n"]

    put(
        Interaction.objects.filter(occurred_on__gte=since, occurred_on__lte=today)
        .annotate(y=year_of("occurred_on"))
        .values("partnership__school_id", "y")
        .annotate(n=Count("partnership_id", distinct=True))
        .order_by(),
        "active_partnerships",
        "partnership__school_id",
    )
    received = (
        SubmissionSchool.objects.filter(submission__created_at__date__gte=since)
        .annotate(y=year_of("submission__created_at"), kind=F("submission__kind"))
        .values("school_id", "y", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in received:
        if row["y"] in years:
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
    put(
        TutorTraining.objects.filter(starts_at__date__gte=since, starts_at__lt=now)
        .annotate(y=year_of("starts_at"))
        .values("school_id", "y")
        .annotate(n=Count("id"))
        .order_by(),
        "trainings_held",
    )
    put(
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
    for year in years:
        start, end = _since(year), min(datetime.date(year + 1, 8, 31), today)
        pairs = (
            MentoringPair.objects.filter(start_date__lte=end)
            .exclude(ended_on__lt=start)
            .values("school_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        put(({**row, "y": year} for row in pairs), "mentoring_pairs")
    put(
        Event.objects.filter(starts_at__date__gte=since, starts_at__lt=now)
        .annotate(y=year_of("starts_at"))
        .values("school_id", "y")
        .annotate(n=Count("id"))
        .order_by(),
        "events_held",
    )

    # A SchoolYear may start late in August: its rentrée year is the year of its start + 4 months.
    def by_rentree(rows, name, school_key):
        for row in rows:
            year = year_start_of(row["start"] + datetime.timedelta(days=120)) if row["start"] else 0
            put([{school_key: row[school_key], "y": year, "n": row["n"]}], name, school_key)

    by_rentree(
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
    by_rentree(
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

    SchoolYearFigures.objects.all().delete()
    rows = []
    for school_id, postcode in School.objects.values_list("pk", "postcode").iterator():
        departement = departement_from_postcode(postcode)
        for year in years:
            cell = figures.get((school_id, year)) or figures.default_factory()
            rows.append(
                SchoolYearFigures(
                    school_id=school_id,
                    year_start=year,
                    departement=departement,
                    refreshed_at=now,
                    **{name: cell[name] for name in COUNTERS},
                )
            )
    SchoolYearFigures.objects.bulk_create(rows, batch_size=2000)
    SchoolYearBreakdown.objects.all().delete()
    SchoolYearBreakdown.objects.bulk_create(
        (
            SchoolYearBreakdown(
                school_id=school_id, year_start=year, dimension=dimension, key=key, count=n
            )
            for (school_id, year), cell in figures.items()
            if year in years
            for dimension, counter in (
                (Dimension.KIND, cell["by_kind"]),
                (Dimension.ANSWER_DAYS, cell["days"]),
            )
            for key, n in counter.items()
        ),
        batch_size=2000,
    )

    academy: Counter = Counter()
    for (_, year), cell in figures.items():
        if year in years:
            for dimension, counter in (
                (Dimension.KIND, cell["by_kind"]),
                (Dimension.ANSWER_DAYS, cell["days"]),
            ):
                for key, n in counter.items():
                    academy[(year, dimension, key)] += n
    AcademyYearBreakdown.objects.all().delete()
    AcademyYearBreakdown.objects.bulk_create(
        AcademyYearBreakdown(year_start=year, dimension=dimension, key=key, count=n)
        for (year, dimension, key), n in academy.items()
    )
    AcademyYearFigures.objects.all().delete()
    companies = (
        Interaction.objects.filter(occurred_on__gte=since, occurred_on__lte=today)
        .annotate(y=year_of("occurred_on"))
        .values("y")
        .annotate(n=Count("partnership__company_id", distinct=True))
        .order_by()
    )
    by_year = {row["y"]: row["n"] for row in companies}
    AcademyYearFigures.objects.bulk_create(
        AcademyYearFigures(year_start=y, partner_companies=by_year.get(y, 0), refreshed_at=now)
        for y in years
    )
    return len(rows)

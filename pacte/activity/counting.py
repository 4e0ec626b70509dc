"""What a teacher's activity counts in each window of the school year, and what is planned."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from common.dates import day_start
from formations.models import Event, MentoringPair, RegistrationStatus, TutorTraining
from offres.models import SubmissionSchool
from partenariats.models import Interaction, PartnershipStatus, PartnershipTeacherPeriod

from ..models import ActivityLog, Engagement, SchoolYear

# Keys of the counted activities (also the keys of EngagementPart.targets), with their labels.
# Only what has happened counts: a session once ended, an event once held, an interaction once
# its date is past, a mentoring pair for the months it was active.
METRICS: dict[str, str] = {
    "formations_animees": "sessions de formation des tuteurs animées",
    "tuteurs_formes": "tuteurs formés (présents, présences relevées)",
    "partenariats_suivis": "partenariats suivis",
    "interactions": "interactions notées dans les journaux",
    "visites_pfmp": "visites et appels de suivi de PFMP (professeur référent)",
    "propositions_traitees": "propositions d’entreprises traitées",
    "binomes_suivis": "binômes de mentorat suivis",
    "mois_mentorat": "mois de mentorat avec leur point mensuel",
    "evenements_organises": "événements partenaires organisés",
    "actions_hors_portail": "actions hors portail",
    "heures": "heures (formations animées et actions hors portail)",
}


# What is planned in the window but has not happened yet (shown as « prévu », never counted).
PLANNED: dict[str, str] = {
    "formations_animees": "sessions de formation des tuteurs prévues",
    "interactions": "interactions datées à venir",
    "binomes_suivis": "binômes de mentorat qui n’ont pas commencé",
    "evenements_organises": "événements partenaires prévus",
    "heures": "heures des sessions prévues",
}


@dataclass(frozen=True)
class Window:
    """The days whose activity an engagement counts, both ends included."""

    start: datetime.date
    end: datetime.date

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """[start, end) as aware datetimes, for DateTimeField lookups."""
        return day_start(self.start), day_start(self.end + datetime.timedelta(days=1))


def year_bounds(school_year: SchoolYear) -> tuple[datetime.datetime, datetime.datetime]:
    """The school year as aware datetimes [start, end), for DateTimeField lookups."""
    return Window(school_year.start, school_year.end).bounds()


def windows_for(*, school_id: int, school_year: SchoolYear, teacher_ids) -> dict[int, Window]:
    """{teacher_id: window} of the teachers' engagements of `school_year` at `school_id` (1 query).

    A carried-over engagement counts until its carry-over date; the next year's engagement of
    the same teacher then counts from the day after, so that an activity counts only once.
    """
    teacher_ids = list(teacher_ids)
    windows = {t: Window(school_year.start, school_year.end) for t in teacher_ids}
    rows = Engagement.objects.filter(
        school_id=school_id,
        teacher_id__in=teacher_ids,
        carried_over_until__gte=school_year.start,
    ).values_list("teacher_id", "school_year_id", "carried_over_until")
    for teacher_id, year_id, until in rows:
        window = windows[teacher_id]
        if year_id == school_year.pk:
            windows[teacher_id] = Window(window.start, max(window.end, until))
        elif until < school_year.end:
            day_after = until + datetime.timedelta(days=1)
            windows[teacher_id] = Window(max(window.start, day_after), window.end)
    return windows


def _by_window(windows: dict[int, Window]) -> dict[Window, list[int]]:
    grouped: dict[Window, list[int]] = defaultdict(list)
    for teacher_id, window in windows.items():
        grouped[window].append(teacher_id)
    return grouped


def _trainings(school_id, window: Window, teacher_ids):

    start, end = window.bounds()
    return TutorTraining.objects.filter(
        school_id=school_id, leaders__in=teacher_ids, starts_at__gte=start, starts_at__lt=end
    )


def _periods(school_id, window: Window, teacher_ids):
    """Periods when the teachers followed a partnership of the school, within the window.

    Each teacher counts a partnership for the months they followed it (the history kept by
    partenariats.services.partnership_set_teacher), up to today; an ended partnership counts if
    it lived during the period.
    """

    last = min(window.end, timezone.localdate())
    return (
        PartnershipTeacherPeriod.objects.filter(
            partnership__school_id=school_id, teacher__in=teacher_ids, since__lte=last
        )
        .filter(Q(until__isnull=True) | Q(until__gte=window.start))
        .filter(
            ~Q(partnership__status=PartnershipStatus.ENDED)
            | Q(partnership__updated_at__date__gte=window.start)
            | Q(partnership__last_interaction_on__gte=window.start)
        )
    )


def _interactions(school_id, window: Window, teacher_ids):

    return Interaction.objects.filter(
        partnership__school_id=school_id,
        author__in=teacher_ids,
        occurred_on__gte=window.start,
        occurred_on__lte=window.end,
    )


def _answers(school_id, window: Window, teacher_ids):

    start, end = window.bounds()
    return SubmissionSchool.objects.filter(
        school_id=school_id, handled_by__in=teacher_ids, handled_at__gte=start, handled_at__lt=end
    )


def _pairs(school_id, window: Window, teacher_ids):

    return MentoringPair.objects.filter(
        school_id=school_id, teacher__in=teacher_ids, start_date__lte=window.end
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=window.start))


def _events(school_id, window: Window, teacher_ids):

    start, end = window.bounds()
    return Event.objects.filter(
        school_id=school_id, organisers__in=teacher_ids, starts_at__gte=start, starts_at__lt=end
    )


def _logs(school_id, school_year, teacher_ids):
    return ActivityLog.objects.filter(
        engagement__school_id=school_id,
        engagement__school_year=school_year,
        engagement__teacher__in=teacher_ids,
    )


def _hours(delta: datetime.timedelta | None) -> Decimal:
    if not delta:
        return Decimal(0)
    return (Decimal(delta.total_seconds()) / 3600).quantize(Decimal("0.1"))


def mentoring_months(start, ended_on, window: Window, today: datetime.date) -> int:
    """Calendar months of `window` (up to today) in which a pair (or a period) was active."""
    first = max(start, window.start)
    last = min(ended_on or today, window.end, today)
    if last < first:
        return 0
    return (last.year - first.year) * 12 + last.month - first.month + 1


def counts_for(
    *, school_id: int, school_year: SchoolYear, teacher_ids, windows: dict | None = None
) -> dict[int, dict]:
    """{teacher_id: {metric: number}} of what happened, for the teachers of one school and year.

    A few queries per distinct counting window (one window unless a mission was carried over),
    whatever the number of teachers.
    """
    teacher_ids = list(teacher_ids)
    counts: dict[int, dict] = {t: {key: 0 for key in METRICS} for t in teacher_ids}
    if not teacher_ids:
        return counts
    if windows is None:
        windows = windows_for(school_id=school_id, school_year=school_year, teacher_ids=teacher_ids)
    hours: dict[int, Decimal] = defaultdict(Decimal)
    for window, ids in _by_window(windows).items():
        _count_window(counts, hours, school_id, window, ids)
    logs = (
        _logs(school_id, school_year, teacher_ids)
        .values(teacher=F("engagement__teacher"))
        .annotate(n=Count("pk"), h=Sum("hours"))
        .order_by()
    )
    for row in logs:
        counts[row["teacher"]]["actions_hors_portail"] = row["n"]
        hours[row["teacher"]] += row["h"] or Decimal(0)
    for teacher_id in teacher_ids:
        counts[teacher_id]["heures"] = hours[teacher_id]
    return counts


def _count_window(counts, hours, school_id, window: Window, teacher_ids) -> None:

    now, today = timezone.now(), timezone.localdate()
    trainings = (
        _trainings(school_id, window, teacher_ids)
        .filter(ends_at__lte=now)
        .values(teacher=F("leaders"))
        .annotate(n=Count("pk", distinct=True), length=Sum(F("ends_at") - F("starts_at")))
        .order_by()
    )
    for row in trainings:
        counts[row["teacher"]]["formations_animees"] = row["n"]
        hours[row["teacher"]] += _hours(row["length"])
    # Tutors trained: present at an ended session the teacher led, once attendance is recorded.
    through = TutorTraining.leaders.through
    led = through.objects.filter(
        user_id__in=teacher_ids,
        tutortraining__in=_trainings(school_id, window, teacher_ids)
        .filter(ends_at__lte=now, attendance_recorded_at__isnull=False)
        .values("pk"),
    )
    for row in (
        led.filter(tutortraining__registrations__status=RegistrationStatus.PRESENT)
        .values("user_id")
        .annotate(n=Count("tutortraining__registrations"))
        .order_by()
    ):
        counts[row["user_id"]]["tuteurs_formes"] = row["n"]
    simple = [
        ("partenariats_suivis", _periods(school_id, window, teacher_ids), "teacher"),
        ("propositions_traitees", _answers(school_id, window, teacher_ids), "handled_by"),
        (
            "evenements_organises",
            _events(school_id, window, teacher_ids).filter(starts_at__lte=now),
            "organisers",
        ),
    ]
    # Journal entries, and among them the referent's PFMP visits and calls: one query.
    for row in (
        _interactions(school_id, window, teacher_ids)
        .filter(occurred_on__lte=today)
        .values("author")
        .annotate(n=Count("pk"), pfmp=Count("pk", filter=Q(pfmp_followup=True)))
        .order_by()
    ):
        counts[row["author"]]["interactions"] = row["n"]
        counts[row["author"]]["visites_pfmp"] = row["pfmp"]
    for key, rows, who in simple:
        counted = "partnership" if key == "partenariats_suivis" else "pk"
        for row in rows.values(who).annotate(n=Count(counted, distinct=True)).order_by():
            counts[row[who]][key] = row["n"]
    pairs = _pairs(school_id, window, teacher_ids).filter(start_date__lte=today)
    for teacher_id, start, ended_on in pairs.values_list("teacher_id", "start_date", "ended_on"):
        if mentoring_months(start, ended_on, window, today):
            counts[teacher_id]["binomes_suivis"] += 1
    # A month of mentoring counts once its check-in is in, never the month under way on trust.
    for row in (
        _checkins(pairs, window, today)
        .values("pair__teacher_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[row["pair__teacher_id"]]["mois_mentorat"] = row["n"]


def _checkins(pairs, window: Window, today: datetime.date):
    """The monthly check-ins entered for `pairs`, for the months of `window` up to today."""
    from formations.models import MonthlyCheckIn

    return MonthlyCheckIn.objects.filter(
        pair__in=pairs.values("pk"),
        month__gte=window.start.replace(day=1),
        month__lte=min(window.end, today),
    )


def checked_in_months(pair_ids, window: Window, today: datetime.date) -> dict[int, int]:
    """{pair id: number of months of `window` whose check-in is in}."""
    from formations.models import MentoringPair

    pairs = MentoringPair.objects.filter(pk__in=list(pair_ids))
    rows = _checkins(pairs, window, today).values("pair_id").annotate(n=Count("pk")).order_by()
    return {row["pair_id"]: row["n"] for row in rows}


def planned_for(*, school_id: int, window: Window, teacher_id: int) -> dict:
    """What one teacher has planned in their window and has not happened yet (« prévu »)."""
    now, today = timezone.now(), timezone.localdate()
    ids = [teacher_id]
    coming = _trainings(school_id, window, ids).filter(ends_at__gt=now).distinct()
    length = coming.aggregate(length=Sum(F("ends_at") - F("starts_at")))["length"]
    return {
        "formations_animees": coming.count(),
        "heures": _hours(length),
        "interactions": _interactions(school_id, window, ids).filter(occurred_on__gt=today).count(),
        "binomes_suivis": _pairs(school_id, window, ids).filter(start_date__gt=today).count(),
        "evenements_organises": _events(school_id, window, ids)
        .filter(starts_at__gt=now)
        .distinct()
        .count(),
    }

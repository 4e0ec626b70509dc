"""The "lien école-entreprise" forfait, counted from what teachers do in the other apps.

Read-only: this module only reads `partenariats`, `formations` and `offres` through their
models' querysets, always limited to the engagement's school and school year. Counting for many
teachers at once costs one query per kind of activity, whatever the number of teachers.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from .models import ActivityLog, Engagement, SchoolYear

# Keys of the counted activities (also the keys of EngagementPart.targets), with their labels.
METRICS: dict[str, str] = {
    "formations_animees": "sessions de formation des tuteurs animées",
    "tuteurs_formes": "tuteurs formés (présents)",
    "partenariats_suivis": "partenariats suivis",
    "interactions": "interactions notées dans les journaux",
    "propositions_traitees": "propositions d’entreprises traitées",
    "binomes_suivis": "binômes de mentorat suivis",
    "evenements_organises": "événements partenaires organisés",
    "actions_hors_portail": "actions hors portail",
    "heures": "heures (formations animées et actions hors portail)",
}

# How many rows each list of the record shows (the counts always cover the whole year).
LIST_LIMIT = 50


def year_bounds(school_year: SchoolYear) -> tuple[datetime.datetime, datetime.datetime]:
    """The school year as aware datetimes [start, end), for DateTimeField lookups."""
    start = timezone.make_aware(datetime.datetime.combine(school_year.start, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(school_year.end + datetime.timedelta(days=1), datetime.time.min)
    )
    return start, end


def _trainings(school_id, school_year, teacher_ids):
    from formations.models import TutorTraining

    start, end = year_bounds(school_year)
    return TutorTraining.objects.filter(
        school_id=school_id,
        leaders__in=teacher_ids,
        starts_at__gte=start,
        starts_at__lt=end,
    )


def _partnerships(school_id, school_year, teacher_ids):
    from partenariats.models import Partnership, PartnershipStatus

    # Followed this year: assigned to the teacher, opened before the year ended, and not ended
    # before it began (an ended partnership still counts if it lived during the year).
    _, end = year_bounds(school_year)
    return Partnership.objects.filter(
        school_id=school_id, teacher__in=teacher_ids, created_at__lt=end
    ).filter(
        ~Q(status=PartnershipStatus.ENDED)
        | Q(updated_at__date__gte=school_year.start)
        | Q(last_interaction_on__gte=school_year.start)
    )


def _interactions(school_id, school_year, teacher_ids):
    from partenariats.models import Interaction

    return Interaction.objects.filter(
        partnership__school_id=school_id,
        author__in=teacher_ids,
        occurred_on__gte=school_year.start,
        occurred_on__lte=school_year.end,
    )


def _answers(school_id, school_year, teacher_ids):
    from offres.models import SubmissionSchool

    start, end = year_bounds(school_year)
    return SubmissionSchool.objects.filter(
        school_id=school_id, handled_by__in=teacher_ids, handled_at__gte=start, handled_at__lt=end
    )


def _pairs(school_id, school_year, teacher_ids):
    from formations.models import MentoringPair

    return MentoringPair.objects.filter(
        school_id=school_id, teacher__in=teacher_ids, start_date__lte=school_year.end
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=school_year.start))


def _events(school_id, school_year, teacher_ids):
    from formations.models import Event

    start, end = year_bounds(school_year)
    return Event.objects.filter(
        school_id=school_id, organisers__in=teacher_ids, starts_at__gte=start, starts_at__lt=end
    )


def _hours(delta: datetime.timedelta | None) -> Decimal:
    if not delta:
        return Decimal(0)
    return (Decimal(delta.total_seconds()) / 3600).quantize(Decimal("0.1"))


def counts_for(*, school_id: int, school_year: SchoolYear, teacher_ids) -> dict[int, dict]:
    """{teacher_id: {metric: number}} for the teachers of one school and one year (8 queries)."""
    from formations.models import RegistrationStatus, TutorTraining

    teacher_ids = list(teacher_ids)
    counts: dict[int, dict] = {t: {key: 0 for key in METRICS} for t in teacher_ids}
    if not teacher_ids:
        return counts
    training_hours: dict[int, Decimal] = defaultdict(Decimal)
    trainings = (
        _trainings(school_id, school_year, teacher_ids)
        .values(teacher=F("leaders"))
        .annotate(n=Count("pk", distinct=True), length=Sum(F("ends_at") - F("starts_at")))
    )
    for row in trainings:
        counts[row["teacher"]]["formations_animees"] = row["n"]
        training_hours[row["teacher"]] = _hours(row["length"])
    # Tutors trained: present at a session the teacher led (counted once per session).
    through = TutorTraining.leaders.through
    led = through.objects.filter(
        user_id__in=teacher_ids,
        tutortraining__in=_trainings(school_id, school_year, teacher_ids).values("pk"),
    )
    for row in (
        led.filter(tutortraining__registrations__status=RegistrationStatus.PRESENT)
        .values("user_id")
        .annotate(n=Count("tutortraining__registrations"))
    ):
        counts[row["user_id"]]["tuteurs_formes"] = row["n"]
    simple = [
        ("partenariats_suivis", _partnerships, "teacher"),
        ("interactions", _interactions, "author"),
        ("propositions_traitees", _answers, "handled_by"),
        ("binomes_suivis", _pairs, "teacher"),
        ("evenements_organises", _events, "organisers"),
    ]
    for key, rows, who in simple:
        for row in (
            rows(school_id, school_year, teacher_ids).values(who).annotate(n=Count("pk")).order_by()
        ):
            counts[row[who]][key] = row["n"]
    logs = (
        ActivityLog.objects.filter(
            engagement__school_id=school_id,
            engagement__school_year=school_year,
            engagement__teacher__in=teacher_ids,
        )
        .values(teacher=F("engagement__teacher"))
        .annotate(n=Count("pk"), h=Sum("hours"))
        .order_by()
    )
    log_hours: dict[int, Decimal] = defaultdict(Decimal)
    for row in logs:
        counts[row["teacher"]]["actions_hors_portail"] = row["n"]
        log_hours[row["teacher"]] = row["h"] or Decimal(0)
    for teacher_id in teacher_ids:
        counts[teacher_id]["heures"] = training_hours[teacher_id] + log_hours[teacher_id]
    return counts


@dataclass
class Progress:
    """One counted activity against the target written in the lettre de mission."""

    key: str
    label: str
    done: int | Decimal
    target: int | None

    @property
    def reached(self) -> bool:
        return self.target is not None and self.done >= self.target


def expected_share(school_year: SchoolYear, today: datetime.date | None = None) -> Decimal:
    """The share of the school year already gone (0 before it starts, 1 once it ended)."""
    today = today or timezone.localdate()
    length = (school_year.end - school_year.start).days or 1
    gone = min(max((today - school_year.start).days, 0), length)
    return Decimal(gone) / Decimal(length)


def on_track(targets: dict, done: dict, share: Decimal) -> bool | None:
    """Each target reached at least in proportion of the year gone; None without targets."""
    usable = {k: v for k, v in (targets or {}).items() if k in METRICS and v}
    if not usable:
        return None
    return all(Decimal(done.get(k, 0)) >= Decimal(v) * share for k, v in usable.items())


def targets_of(engagement: Engagement) -> dict:
    """The numbered targets of the lien école-entreprise missions (from prefetched parts)."""
    targets: dict = {}
    for part in engagement.lien_parts():
        for key, value in (part.targets or {}).items():
            if key in METRICS and isinstance(value, int | float) and value > 0:
                targets[key] = targets.get(key, 0) + int(value)
    return targets


@dataclass
class LienRecord:
    """What a teacher did this year for the lien école-entreprise forfait: numbers and lists."""

    engagement: Engagement
    counts: dict
    targets: dict
    trainings: list = field(default_factory=list)
    partnerships: list = field(default_factory=list)
    interactions: list = field(default_factory=list)
    answers: list = field(default_factory=list)
    pairs: list = field(default_factory=list)
    events: list = field(default_factory=list)
    logs: list = field(default_factory=list)

    @property
    def progress(self) -> list[Progress]:
        return [
            Progress(key, label, self.counts.get(key, 0), self.targets.get(key))
            for key, label in METRICS.items()
        ]

    def on_track(self, today: datetime.date | None = None) -> bool | None:
        share = expected_share(self.engagement.school_year, today)
        return on_track(self.targets, self.counts, share)

    def as_data(self) -> dict:
        """Plain data, frozen into the bilan when it is submitted."""

        def when(value):
            if isinstance(value, datetime.datetime):
                return timezone.localtime(value).strftime("%d/%m/%Y")
            return value.strftime("%d/%m/%Y") if value else ""

        return {
            "counts": {k: str(v) if isinstance(v, Decimal) else v for k, v in self.counts.items()},
            "targets": self.targets,
            "trainings": [
                {"date": when(t.starts_at), "title": t.title, "present": t.present}
                for t in self.trainings
            ],
            "partnerships": [
                {"company": p.company.name, "status": p.get_status_display()}
                for p in self.partnerships
            ],
            "interactions": [
                {"date": when(i.occurred_on), "kind": i.get_kind_display(), "company": i.company}
                for i in self.interactions
            ],
            "answers": [
                {
                    "date": when(a.handled_at),
                    "kind": a.submission.get_kind_display(),
                    "company": a.submission.company.name,
                    "status": a.get_status_display(),
                }
                for a in self.answers
            ],
            "pairs": [{"since": when(p.start_date), "class": p.student_class} for p in self.pairs],
            "events": [
                {"date": when(e.starts_at), "title": e.title, "kind": e.get_kind_display()}
                for e in self.events
            ],
            "logs": [
                {
                    "date": when(log.occurred_on),
                    "kind": log.get_kind_display(),
                    "hours": str(log.hours),
                    "description": log.description,
                }
                for log in self.logs
            ],
        }


def lien_record(engagement: Engagement) -> LienRecord:
    """The full record of one engagement (counts, then the year's rows, LIST_LIMIT per list)."""
    from formations.models import RegistrationStatus

    school_id, year, ids = engagement.school_id, engagement.school_year, [engagement.teacher_id]
    counts = counts_for(school_id=school_id, school_year=year, teacher_ids=ids)[ids[0]]
    trainings = list(
        _trainings(school_id, year, ids)
        .annotate(
            present=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.PRESENT),
                distinct=True,
            )
        )
        .order_by("starts_at", "pk")
        .distinct()[:LIST_LIMIT]
    )
    partnerships = list(
        _partnerships(school_id, year, ids)
        .select_related("company")
        .order_by("company__name")[:LIST_LIMIT]
    )
    interactions = list(
        _interactions(school_id, year, ids)
        .annotate(company=F("partnership__company__name"))
        .order_by("-occurred_on", "-pk")[:LIST_LIMIT]
    )
    answers = list(
        _answers(school_id, year, ids)
        .select_related("submission__company")
        .order_by("-handled_at", "-pk")[:LIST_LIMIT]
    )
    pairs = list(_pairs(school_id, year, ids).order_by("-start_date", "pk")[:LIST_LIMIT])
    events = list(_events(school_id, year, ids).order_by("starts_at", "pk")[:LIST_LIMIT])
    logs = list(engagement.activity_logs.order_by("-occurred_on", "-pk")[:LIST_LIMIT])
    return LienRecord(
        engagement=engagement,
        counts=counts,
        targets=targets_of(engagement),
        trainings=trainings,
        partnerships=partnerships,
        interactions=interactions,
        answers=answers,
        pairs=pairs,
        events=events,
        logs=logs,
    )

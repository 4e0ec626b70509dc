"""The teacher's « lien » record: the lists of what was done in the year."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q
from django.utils import timezone

from formations.models import RegistrationStatus

from ..models import Engagement
from .counting import (
    METRICS,
    Window,
    _answers,
    _events,
    _interactions,
    _pairs,
    _periods,
    _trainings,
    checked_in_months,
    counts_for,
    mentoring_months,
    planned_for,
    windows_for,
)
from .progress import Progress, expected_share, on_track, targets_of

# How many rows each list of the record shows (the counts always cover the whole year).
LIST_LIMIT = 50


def _when(value) -> str:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y")
    return value.strftime("%d/%m/%Y") if value else ""


@dataclass
class LienRecord:
    """What a teacher did this year for the lien école-entreprise forfait: numbers and lists.

    `counts` and the lists hold only what happened; `planned` and `coming` what is planned.
    """

    engagement: Engagement
    window: Window
    counts: dict
    targets: dict
    planned: dict = field(default_factory=dict)
    trainings: list = field(default_factory=list)
    coming: list = field(default_factory=list)
    partnerships: list = field(default_factory=list)
    interactions: list = field(default_factory=list)
    pfmp_visits: list = field(default_factory=list)
    answers: list = field(default_factory=list)
    pairs: list = field(default_factory=list)
    events: list = field(default_factory=list)
    logs: list = field(default_factory=list)

    @property
    def progress(self) -> list[Progress]:
        return [
            Progress(
                key, label, self.counts.get(key, 0), self.targets.get(key), self.planned.get(key, 0)
            )
            for key, label in METRICS.items()
        ]

    def on_track(self, today: datetime.date | None = None) -> bool | None:
        share = expected_share(self.engagement.school_year, today)
        return on_track(self.targets, self.counts, share)

    def as_data(self, *, with_planned: bool = True) -> dict:
        """Plain data; frozen into the bilan when it is submitted (then without what is planned)."""
        data = {
            "counts": {k: str(v) if isinstance(v, Decimal) else v for k, v in self.counts.items()},
            "targets": self.targets,
            "window": {"start": _when(self.window.start), "end": _when(self.window.end)},
            "trainings": [
                {
                    "date": _when(t.starts_at),
                    "title": t.title,
                    "present": t.present,
                    "recorded": t.attendance_recorded_at is not None,
                }
                for t in self.trainings
            ],
            "partnerships": [
                {"company": p.company.name, "status": p.get_status_display()}
                | ({"months": p.followed_months} if getattr(p, "followed_months", "") else {})
                for p in self.partnerships
            ],
            "interactions": [
                {"date": _when(i.occurred_on), "kind": i.get_kind_display(), "company": i.company}
                for i in self.interactions
            ],
            "pfmp_visits": [
                {"date": _when(v.occurred_on), "kind": v.get_kind_display(), "company": v.company}
                for v in self.pfmp_visits
            ],
            "answers": [
                {
                    "date": _when(a.handled_at),
                    "kind": a.submission.get_kind_display(),
                    "company": a.submission.company.name,
                    "status": a.get_status_display(),
                }
                for a in self.answers
            ],
            "pairs": [
                {"since": _when(p.start_date), "class": p.student_class, "months": p.months}
                for p in self.pairs
            ],
            "events": [
                {"date": _when(e.starts_at), "title": e.title, "kind": e.get_kind_display()}
                for e in self.events
            ],
            "logs": [
                {
                    "date": _when(log.occurred_on),
                    "kind": log.get_kind_display(),
                    "hours": str(log.hours),
                    "description": log.description,
                }
                for log in self.logs
            ],
        }
        if with_planned:
            data["planned"] = {
                k: str(v) if isinstance(v, Decimal) else v for k, v in self.planned.items()
            }
            data["coming"] = [{"date": _when(t.starts_at), "title": t.title} for t in self.coming]
        return data


def lien_record(engagement: Engagement) -> LienRecord:
    """The full record of one engagement: what happened (counts, lists) and what is planned."""

    school_id, year, ids = engagement.school_id, engagement.school_year, [engagement.teacher_id]
    window = windows_for(school_id=school_id, school_year=year, teacher_ids=ids)[ids[0]]
    now, today = timezone.now(), timezone.localdate()
    counts = counts_for(
        school_id=school_id, school_year=year, teacher_ids=ids, windows={ids[0]: window}
    )[ids[0]]
    trainings = list(
        _trainings(school_id, window, ids)
        .filter(ends_at__lte=now)
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
    for training in trainings:
        if training.attendance_recorded_at is None:
            training.present = 0  # not yet recorded: no tutor counted as trained
    coming = list(
        _trainings(school_id, window, ids)
        .filter(ends_at__gt=now)
        .order_by("starts_at", "pk")
        .distinct()[:LIST_LIMIT]
    )
    followed: dict[int, object] = {}
    for period in (
        _periods(school_id, window, ids)
        .select_related("partnership__company")
        .order_by("partnership__company__name", "partnership_id", "since")
    ):
        partnership = followed.setdefault(period.partnership_id, period.partnership)
        months = mentoring_months(period.since, period.until, window, today)
        partnership.months_followed = getattr(partnership, "months_followed", 0) + months
        if len(followed) > LIST_LIMIT:
            followed.pop(period.partnership_id)
            break
    partnerships = list(followed.values())
    for partnership in partnerships:
        partnership.followed_months = f"{partnership.months_followed} mois"
    interactions = list(
        _interactions(school_id, window, ids)
        .filter(occurred_on__lte=today)
        .annotate(company=F("partnership__company__name"))
        .order_by("-occurred_on", "-pk")[:LIST_LIMIT]
    )
    # The referent's PFMP visits are among their journal entries: listed from those, no query.
    pfmp_visits = [i for i in interactions if i.pfmp_followup]
    answers = list(
        _answers(school_id, window, ids)
        .select_related("submission__company")
        .order_by("-handled_at", "-pk")[:LIST_LIMIT]
    )
    pairs = [
        pair
        for pair in _pairs(school_id, window, ids)
        .filter(start_date__lte=today)
        .order_by("-start_date", "pk")[:LIST_LIMIT]
        if mentoring_months(pair.start_date, pair.ended_on, window, today)
    ]
    checked = checked_in_months([p.pk for p in pairs], window, today)
    for pair in pairs:
        pair.months = checked.get(pair.pk, 0)  # months whose check-in is in
    events = list(
        _events(school_id, window, ids)
        .filter(starts_at__lte=now)
        .order_by("starts_at", "pk")
        .distinct()[:LIST_LIMIT]
    )
    logs = list(engagement.activity_logs.order_by("-occurred_on", "-pk")[:LIST_LIMIT])
    return LienRecord(
        engagement=engagement,
        window=window,
        counts=counts,
        targets=targets_of(engagement),
        planned=planned_for(school_id=school_id, window=window, teacher_id=ids[0]),
        trainings=trainings,
        coming=coming,
        partnerships=partnerships,
        interactions=interactions,
        pfmp_visits=pfmp_visits,
        answers=answers,
        pairs=pairs,
        events=events,
        logs=logs,
    )

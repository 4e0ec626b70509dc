"""The académie's view of the routing of companies' proposals: per school, proposals received,
accepted, declined and unanswered, taken as lead, and the time to a first answer; the
companies that never got an answer (a read: selectors only)."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from common.dates import day_start, working_days_before
from offres.models import Submission, SubmissionSchool, SubmissionStatus

DAYS = 365  # the figures cover the last twelve months


@dataclass
class RoutingFigures:
    proposals: int
    routed: int
    taken: int
    all_declined: int
    waiting: int
    median_first_answer_days: float | None


def _since():
    return timezone.now() - datetime.timedelta(days=DAYS)


def _submissions(schools):
    return Submission.objects.filter(
        Q(created_at__gte=_since()),
        ~Q(status=SubmissionStatus.WITHDRAWN),
        pk__in=SubmissionSchool.objects.filter(school__in=schools).values("submission_id"),
    )


def routing_figures(schools) -> RoutingFigures:
    submissions = _submissions(schools)
    totals = submissions.aggregate(
        proposals=Count("pk"),
        routed=Count("pk", filter=Q(routed=True)),
        taken=Count("pk", filter=Q(lead_school__isnull=False)),
        all_declined=Count("pk", filter=Q(answered_at__isnull=False, lead_school__isnull=True)),
        waiting=Count("pk", filter=Q(answered_at__isnull=True)),
    )
    firsts = (
        submissions.annotate(first=Min("addressees__handled_at"))
        .filter(first__isnull=False)
        .values_list("created_at", "first")
    )
    days = [(first - created).total_seconds() / 86400 for created, first in firsts]
    median = round(statistics.median(days), 1) if days else None
    return RoutingFigures(**totals, median_first_answer_days=median)


def routing_per_school(schools):
    """One row per school: received, accepted, declined, unanswered, led (a queryset of dicts,
    in name order, to paginate)."""
    return (
        SubmissionSchool.objects.filter(
            school__in=schools,
            submission__created_at__gte=_since(),
        )
        .exclude(submission__status=SubmissionStatus.WITHDRAWN)
        .values("school_id", "school__name", "school__town")
        .annotate(
            received=Count("pk"),
            accepted=Count("pk", filter=Q(status=SubmissionStatus.ACCEPTED)),
            declined=Count("pk", filter=Q(status=SubmissionStatus.REFUSED)),
            unanswered=Count("pk", filter=Q(status=SubmissionStatus.SUBMITTED)),
            led=Count("pk", filter=Q(submission__lead_school=F("school"))),
        )
        .order_by("school__name", "school_id")
    )


def first_answer_days(school_ids) -> dict[int, float]:
    """Median days from a proposal to this school's answer, for the schools of one page."""
    rows = SubmissionSchool.objects.filter(
        school_id__in=list(school_ids),
        handled_at__isnull=False,
        submission__created_at__gte=_since(),
    ).values_list("school_id", "submission__created_at", "handled_at")
    per_school: dict[int, list[float]] = {}
    for school_id, created, handled in rows:
        per_school.setdefault(school_id, []).append((handled - created).total_seconds() / 86400)
    return {k: round(statistics.median(v), 1) for k, v in per_school.items()}


def never_answered(schools):
    """Proposals still without any answer after the answer period: the companies to call."""
    before = day_start(
        working_days_before(timezone.localdate(), settings.ROUTING_ANSWER_WORKING_DAYS)
    )
    return (
        _submissions(schools)
        .filter(answered_at__isnull=True, created_at__lt=before)
        .select_related("company", "contact")
        .order_by("created_at", "pk")
    )

"""The specialisation pipeline: every request to open a course, as the rectorat follows it."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.utils import timezone

from etablissements.querysets import is_academy_admin
from etablissements.roles import Role
from offres.collective import collective_companies, collective_hires, with_collective_figures
from offres.kinds import COURSE_TYPES, LEARNER_STATUS
from offres.models import FollowUpStatus, Submission, SubmissionSchool, SubmissionStatus

COURSE_LABELS = dict(COURSE_TYPES)
LEARNER_LABELS = dict(LEARNER_STATUS)
NOT_SENT_ON = [FollowUpStatus.RECEIVED, FollowUpStatus.STUDY]
# From mid-September, a request not yet sent on may miss the January Parcoursup offer.
PARCOURSUP_ALERT_FROM = (9, 15)
PARCOURSUP_ALERT_UNTIL = (1, 15)


def parcoursup_alert_season(today: datetime.date) -> bool:
    return (today.month, today.day) >= PARCOURSUP_ALERT_FROM or (
        today.month,
        today.day,
    ) <= PARCOURSUP_ALERT_UNTIL


def pipeline_requests(user, *, followup: str = ""):
    """The main requests (not the companies joining one), oldest follow-up first."""
    roles = None if is_academy_admin(user) else [Role.DIRECTION]
    requests = (
        Submission.objects.for_user(user, roles)
        .specialisation()
        .filter(joins__isnull=True)
        .exclude(status=SubmissionStatus.WITHDRAWN)
    )
    if followup in FollowUpStatus.values:
        requests = requests.filter(followup_status=followup)
    return (
        with_collective_figures(requests)
        .prefetch_related(
            Prefetch(
                "addressees",
                SubmissionSchool.objects.select_related("school").order_by("school__name"),
            ),
        )
        .order_by("-before_parcoursup", "created_at", "pk")
    )


class PipelineRow:
    """One request with what the list shows (computed from prefetched rows, no query)."""

    def __init__(self, request: Submission, today: datetime.date):
        self.request = request
        details = request.details or {}
        course = details.get("course_type", "")
        self.course_type = (
            details.get("course_other") if course == "autre" else COURSE_LABELS.get(course, course)
        ) or "—"
        self.trade = details.get("trade", "")
        self.learner_status = LEARNER_LABELS.get(details.get("learner_status", ""), "")
        self.schools = [a.school for a in request.addressees.all()]
        self.companies = collective_companies(request)
        self.hires = collective_hires(request)
        since = request.followup_changed_at or request.created_at
        self.status_since = timezone.localdate(since)
        self.status_age = (today - self.status_since).days
        self.not_sent_on = request.followup_status in NOT_SENT_ON
        self.parcoursup_alert = self.not_sent_on and (
            request.before_parcoursup or parcoursup_alert_season(today)
        )

    def xlsx_row(self) -> list:
        r = self.request
        return [
            timezone.localdate(r.created_at),
            r.company.name,
            r.company.siret,
            self.course_type,
            self.trade,
            self.learner_status,
            self.hires,
            ", ".join(c.name for c in self.companies[1:]),
            ", ".join(f"{s.uai} {s.name}" for s in self.schools),
            r.get_followup_status_display(),
            self.status_since,
            self.status_age,
            r.sent_on_at,
            "oui" if r.before_parcoursup else "non",
            "oui" if self.parcoursup_alert else "non",
        ]


XLSX_HEADER = [
    "Date de la demande",
    "Entreprise",
    "SIRET",
    "Type de formation",
    "Métier ou domaine visé",
    "Statut des jeunes",
    "Recrutements envisagés (toutes entreprises)",
    "Entreprises associées",
    "Établissements (UAI, nom)",
    "Suivi",
    "Suivi depuis le",
    "Suivi depuis (jours)",
    "Transmise le",
    "Avant l’offre Parcoursup de janvier",
    "En retard pour Parcoursup",
]


def pipeline_rows(requests, today: datetime.date | None = None) -> list[PipelineRow]:
    today = today or timezone.localdate()
    return [PipelineRow(r, today) for r in requests]

"""The teacher's activity log and the bilan d'activité: comments, submission, validation."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from ..activity import METRICS, lien_record
from ..models import (
    ActivityKind,
    ActivityLog,
    ActivityReport,
    ActivityReportTransition,
    Engagement,
    EngagementPart,
    Mission,
    ReportStatus,
)
from .engagements import counting_end
from .roles import PacteError, is_direction

# --- The teacher's own actions, the bilan d'activité, redeployments ---------------------------


def _own_engagement(engagement: Engagement, by) -> None:
    if by is None or by.pk != engagement.teacher_id:
        raise PacteError("Seul l’enseignant concerné peut le faire.")


@transaction.atomic
def activity_log_add(
    *, engagement: Engagement, by, occurred_on, kind: str, hours, description: str
) -> ActivityLog:
    """A teacher logs an action done outside the portal for their forfait, in its school year."""
    _own_engagement(engagement, by)
    year = engagement.school_year
    last = counting_end(engagement)
    errors = []
    if occurred_on is None or not (year.start <= occurred_on <= last):
        errors.append(
            f"La date doit tomber dans l’année scolaire {year.label} "
            f"(du {year.start:%d/%m/%Y} au {last:%d/%m/%Y})."
        )
    elif occurred_on > timezone.localdate():
        errors.append("Notez une action déjà faite : la date est dans le futur.")
    if kind not in ActivityKind.values:
        errors.append("Choisissez le type d’action.")
    try:
        hours = Decimal(str(hours))
    except (InvalidOperation, TypeError, ValueError):
        hours = None
    if hours is None or not (Decimal("0.5") <= hours <= 12):
        errors.append("Indiquez entre 0,5 et 12 heures.")
    if not (description or "").strip():
        errors.append("Décrivez l’action en une phrase.")
    if errors:
        raise PacteError(" ".join(errors))
    _check_report_open(engagement)
    return ActivityLog.objects.create(
        engagement=engagement,
        occurred_on=occurred_on,
        kind=kind,
        hours=hours,
        description=description.strip(),
    )


@transaction.atomic
def activity_log_delete(*, log: ActivityLog, by) -> None:
    _own_engagement(log.engagement, by)
    _check_report_open(log.engagement)
    log.delete()


def _check_report_open(engagement: Engagement) -> None:
    """Own actions count for the missions counting the portal's activity: a bilan handed in
    still follows them until the direction validates it; once validated, its record is frozen."""
    closed = ActivityReport.objects.filter(
        engagement=engagement,
        mission__counts_portal_activity=True,
        status=ReportStatus.VALIDATED,
    )
    if closed.exists():
        raise PacteError(
            "Le bilan de la mission lien école-entreprise est validé : le relevé de l’année ne "
            "change plus."
        )


def _part_of(engagement: Engagement, mission: Mission) -> EngagementPart:
    part = next((p for p in engagement.parts.all() if p.mission_id == mission.pk), None)
    if part is None:
        raise PacteError(
            f"La mission « {mission.action} » ne figure pas dans la lettre de mission de ce Pacte."
        )
    return part


def report_of(engagement: Engagement, mission: Mission) -> ActivityReport:
    """The bilan of one mission of an engagement; an unsaved draft when none was written yet."""
    _part_of(engagement, mission)
    return ActivityReport.objects.filter(
        engagement=engagement, mission=mission
    ).first() or ActivityReport(engagement=engagement, mission=mission)


def reports_of(engagement: Engagement) -> list[ActivityReport]:
    """One bilan per mission of the lettre de mission, in its order (drafts unsaved; 1 query)."""
    saved = {
        r.mission_id: r
        for r in ActivityReport.objects.filter(engagement=engagement).select_related("decided_by")
    }
    reports = []
    for part in engagement.parts.all():
        report = saved.get(part.mission_id) or ActivityReport(engagement=engagement)
        report.mission = part.mission  # the prefetched row: no query per bilan
        reports.append(report)
    return reports


def report_for(engagement: Engagement, mission: Mission) -> ActivityReport:
    """The bilan of one mission, created (as a draft) the first time it is asked for."""
    _part_of(engagement, mission)
    report, _ = ActivityReport.objects.get_or_create(engagement=engagement, mission=mission)
    return report


def _transition(report, target: str, by, comment: str = "") -> ActivityReport:
    ActivityReportTransition.objects.create(
        report=report, from_status=report.status, to_status=target, by=by, comment=comment
    )
    report.status = target
    return report


def _locked_report(engagement: Engagement, mission: Mission) -> ActivityReport:
    report_for(engagement, mission)
    return (
        ActivityReport.objects.select_for_update()
        .select_related(
            "mission", "engagement__school", "engagement__school_year", "engagement__teacher"
        )
        .get(engagement=engagement, mission=mission)
    )


@transaction.atomic
def report_save_comments(
    *, engagement: Engagement, mission: Mission, by, comments: str
) -> ActivityReport:
    """The teacher writes a mission's bilan while it is a draft or sent back."""
    _own_engagement(engagement, by)
    report = _locked_report(engagement, mission)
    if not report.is_editable:
        raise PacteError("Ce bilan est déjà remis : attendez la décision de la direction.")
    report.comments = (comments or "").strip()
    report.save(update_fields=["comments", "updated_at"])
    return report


# What a mission that does not count the lien forfait's activity may still count: the PFMP
# visits and calls of a referent teacher (e.g. teaching in a certificat de spécialisation,
# « y compris la préparation et le suivi des PFMP »), when its counted metrics name them.
REFERENT_METRICS = ["visites_pfmp"]


def mission_metrics(mission: Mission) -> list[str]:
    """The keys of METRICS a mission's bilan counts (none for a mission the portal cannot see)."""
    if mission.counts_portal_activity:
        return [k for k in (mission.counted_metrics or list(METRICS)) if k in METRICS]
    return [k for k in REFERENT_METRICS if k in (mission.counted_metrics or [])]


def mission_record(engagement: Engagement, mission: Mission, *, with_planned=True) -> dict:
    """What the portal knows of one mission: its line of the lettre de mission and, for a
    mission counting the portal's activity, the counted figures and lists it covers."""

    part = _part_of(engagement, mission)
    data = {
        "mission": {
            "action": mission.action,
            "kind": mission.get_part_kind_display(),
            "parts": str(part.parts.normalize()),
            "hours": part.hours,
            "expected_results": part.expected_results,
        },
        "metrics": [],
    }
    keys = mission_metrics(mission)
    if not keys:
        return data
    record = lien_record(engagement).as_data(with_planned=with_planned)
    record["counts"] = {k: v for k, v in record["counts"].items() if k in keys}
    record["targets"] = {k: v for k, v in (part.targets or {}).items() if k in keys}
    if "planned" in record:
        record["planned"] = {k: v for k, v in record["planned"].items() if k in keys}
    if "formations_animees" not in keys:
        record.pop("trainings", None)
        record.pop("coming", None)
    if "partenariats_suivis" not in keys:
        for name in ("partnerships", "interactions", "answers", "pairs", "events"):
            record.pop(name, None)
    if "visites_pfmp" not in keys:
        record.pop("pfmp_visits", None)
    if "actions_hors_portail" not in keys:
        record.pop("logs", None)
    return {**record, **data, "metrics": keys}


@transaction.atomic
def report_submit(
    *, engagement: Engagement, mission: Mission, by, comments: str | None = None
) -> ActivityReport:
    """The teacher hands in a mission's bilan; the direction is told. Its figures follow what
    the portal counts until the direction validates it (a bilan handed in before the year ends
    keeps counting the sessions still planned): `report_validate` freezes them."""
    _own_engagement(engagement, by)
    engagement = Engagement.objects.with_related().get(pk=engagement.pk)
    report = _locked_report(engagement, mission)
    if not report.is_editable:
        raise PacteError("Ce bilan est déjà remis à la direction.")
    if comments is not None:
        report.comments = comments.strip()
    if not report.comments:
        raise PacteError(
            "Écrivez le bilan de la mission avant de le remettre : ce qui a été fait, ce que "
            "les chiffres ne disent pas."
        )
    report.compiled = {}
    _transition(report, ReportStatus.SUBMITTED, by)
    report.submitted_at = timezone.now()
    report.decided_by = None
    report.decided_at = None
    report.save()
    return report


def _decide(engagement: Engagement, mission: Mission, by, target: str, comment: str):
    report = _locked_report(engagement, mission)
    if not is_direction(by, report.engagement.school):
        raise PacteError("Seule la direction de l’établissement valide ou renvoie les bilans.")
    if report.status != ReportStatus.SUBMITTED:
        raise PacteError("Ce bilan n’est pas remis : il n’y a rien à décider.")
    _transition(report, target, by, comment)
    if target == ReportStatus.VALIDATED:
        engagement = Engagement.objects.with_related().get(pk=report.engagement_id)
        report.compiled = mission_record(engagement, mission, with_planned=False)
    report.decided_by = by
    report.decided_at = timezone.now()
    report.direction_comment = comment
    report.save()
    return report


@transaction.atomic
def report_validate(
    *, engagement: Engagement, mission: Mission, by, comment: str = ""
) -> ActivityReport:
    """The direction validates a mission's submitted bilan (who and when are kept); what the
    portal counted for it is frozen into it."""
    return _decide(engagement, mission, by, ReportStatus.VALIDATED, (comment or "").strip())


@transaction.atomic
def report_send_back(
    *, engagement: Engagement, mission: Mission, by, comment: str
) -> ActivityReport:
    """The direction sends a mission's bilan back to the teacher, saying what to complete."""
    comment = (comment or "").strip()
    if not comment:
        raise PacteError("Dites à l’enseignant ce qu’il faut compléter avant de renvoyer le bilan.")
    return _decide(engagement, mission, by, ReportStatus.SENT_BACK, comment)

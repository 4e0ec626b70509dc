"""The teacher's activity log and the bilan d'activité: comments, submission, validation."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from ..models import (
    ActivityKind,
    ActivityLog,
    ActivityReport,
    ActivityReportTransition,
    Engagement,
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
    report = ActivityReport.objects.filter(engagement=engagement).first()
    if report and not report.is_editable:
        raise PacteError(
            "Le bilan d’activité est remis ou validé : le relevé de l’année ne change plus."
        )


def report_of(engagement: Engagement) -> ActivityReport:
    """The bilan of an engagement; an unsaved draft when none was written yet (reads only)."""
    return ActivityReport.objects.filter(engagement=engagement).first() or ActivityReport(
        engagement=engagement
    )


def report_for(engagement: Engagement) -> ActivityReport:
    """The bilan of an engagement, created (as a draft) the first time it is asked for."""
    report, _ = ActivityReport.objects.get_or_create(engagement=engagement)
    return report


def _transition(report, target: str, by, comment: str = "") -> ActivityReport:
    ActivityReportTransition.objects.create(
        report=report, from_status=report.status, to_status=target, by=by, comment=comment
    )
    report.status = target
    return report


def _locked_report(engagement: Engagement) -> ActivityReport:
    report_for(engagement)
    return (
        ActivityReport.objects.select_for_update()
        .select_related("engagement__school", "engagement__school_year", "engagement__teacher")
        .get(engagement=engagement)
    )


@transaction.atomic
def report_save_comments(*, engagement: Engagement, by, comments: str) -> ActivityReport:
    """The teacher writes their comments while the bilan is a draft or sent back."""
    _own_engagement(engagement, by)
    report = _locked_report(engagement)
    if not report.is_editable:
        raise PacteError("Ce bilan est déjà remis : attendez la décision de la direction.")
    report.comments = (comments or "").strip()
    report.save(update_fields=["comments", "updated_at"])
    return report


@transaction.atomic
def report_submit(*, engagement: Engagement, by, comments: str | None = None) -> ActivityReport:
    """The teacher submits the bilan: the year's record is frozen into it; the direction is told."""
    from ..activity import lien_record

    _own_engagement(engagement, by)
    report = _locked_report(engagement)
    if not report.is_editable:
        raise PacteError("Ce bilan est déjà remis à la direction.")
    if comments is not None:
        report.comments = comments.strip()
    if not report.comments:
        raise PacteError(
            "Ajoutez vos commentaires avant de remettre le bilan : ce que les chiffres ne "
            "disent pas."
        )
    engagement = Engagement.objects.with_related().get(pk=engagement.pk)
    report.compiled = lien_record(engagement).as_data(with_planned=False)
    _transition(report, ReportStatus.SUBMITTED, by)
    report.submitted_at = timezone.now()
    report.decided_by = None
    report.decided_at = None
    report.save()
    return report


def _decide(engagement: Engagement, by, target: str, comment: str) -> ActivityReport:
    report = _locked_report(engagement)
    if not is_direction(by, report.engagement.school):
        raise PacteError("Seule la direction de l’établissement valide ou renvoie les bilans.")
    if report.status != ReportStatus.SUBMITTED:
        raise PacteError("Ce bilan n’est pas remis : il n’y a rien à décider.")
    _transition(report, target, by, comment)
    report.decided_by = by
    report.decided_at = timezone.now()
    report.direction_comment = comment
    report.save()
    return report


@transaction.atomic
def report_validate(*, engagement: Engagement, by, comment: str = "") -> ActivityReport:
    """The direction validates a submitted bilan (who and when are kept)."""
    return _decide(engagement, by, ReportStatus.VALIDATED, (comment or "").strip())


@transaction.atomic
def report_send_back(*, engagement: Engagement, by, comment: str) -> ActivityReport:
    """The direction sends a bilan back to the teacher, saying what to complete."""
    comment = (comment or "").strip()
    if not comment:
        raise PacteError("Dites à l’enseignant ce qu’il faut compléter avant de renvoyer le bilan.")
    return _decide(engagement, by, ReportStatus.SENT_BACK, comment)

"""Teachers' profiles, engagements, mission letters and the carry-over to the next year."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from etablissements.roles import Role
from etablissements.selectors import is_teacher_of
from rappels.tasks import reminders_send_soon

from ..models import (
    ActivityReport,
    Engagement,
    MissionLetter,
    ReportStatus,
    SchoolYear,
    TeacherProfile,
    TeacherStatus,
)
from ..reminders import MissionLetterValidated
from .roles import PacteError, _name, is_direction, user_has_role


@transaction.atomic
def teacher_profile_set(*, user, school, status: str) -> TeacherProfile:
    """Record a teacher's school and status (the status decides eligibility)."""
    if status not in TeacherStatus.values:
        raise PacteError(f"Statut inconnu : « {status} ».")
    profile, _ = TeacherProfile.objects.update_or_create(
        user=user, defaults={"school": school, "status": status}
    )
    return profile


def _check_eligible(teacher) -> TeacherProfile:
    profile = TeacherProfile.objects.filter(user=teacher).first()
    if profile is None:
        raise PacteError(
            f"Renseignez d’abord le statut de {_name(teacher)} : il décide de son éligibilité "
            "au Pacte."
        )
    if not profile.eligible:
        raise PacteError(
            f"Le statut « {profile.get_status_display()} » n’ouvre pas droit au Pacte en lycée "
            "professionnel (PLP, PEPS, professeurs documentalistes, CPE, PsyEN et enseignants "
            "en STS seulement)."
        )
    return profile


@transaction.atomic
def engagement_create(*, teacher, school, school_year: SchoolYear, by) -> Engagement:
    """Open a teacher's Pacte for a school year (direction or RBDE of the school)."""
    if not (is_direction(by, school) or user_has_role(by, school, Role.RBDE)):
        raise PacteError("Seuls la direction et le bureau des entreprises composent les Pactes.")
    if not is_teacher_of(teacher, school):
        raise PacteError(f"{_name(teacher)} n’est pas enseignant de cet établissement.")
    _check_eligible(teacher)
    if Engagement.objects.filter(teacher=teacher, school_year=school_year).exists():
        raise PacteError(f"{_name(teacher)} a déjà un Pacte pour l’année {school_year}.")
    return Engagement.objects.create(teacher=teacher, school=school, school_year=school_year)


@transaction.atomic
def mission_letter_prepare(*, engagement: Engagement) -> MissionLetter:
    """The lettre de mission of an engagement (one per teacher and year), created if missing."""
    if not engagement.parts.exists():
        raise PacteError("Composez d’abord le Pacte : la lettre de mission décline ses parts.")
    letter, _ = MissionLetter.objects.get_or_create(engagement=engagement)
    return letter


@transaction.atomic
def mission_letter_validate(*, letter: MissionLetter, by) -> MissionLetter:
    """The direction validates (signs) the lettre de mission; who and when are kept."""
    letter = (
        MissionLetter.objects.select_for_update().select_related("engagement").get(pk=letter.pk)
    )
    if not is_direction(by, letter.engagement.school):
        raise PacteError("Seule la direction de l’établissement valide les lettres de mission.")
    if letter.validated_at:
        raise PacteError("Cette lettre de mission est déjà validée.")
    letter.validated_by = by
    letter.validated_at = timezone.now()
    letter.save(update_fields=["validated_by", "validated_at"])
    # The teacher hears of it now, not with the next hourly reminders.
    reminders_send_soon(
        code=MissionLetterValidated.code,
        queryset=MissionLetterValidated().due(timezone.localdate()).filter(pk=letter.pk),
    )
    return letter


@transaction.atomic
def mission_letter_reopen(*, letter: MissionLetter, by) -> MissionLetter:
    """The direction reopens a validated letter so that the parts can change."""
    letter = (
        MissionLetter.objects.select_for_update().select_related("engagement").get(pk=letter.pk)
    )
    if not is_direction(by, letter.engagement.school):
        raise PacteError("Seule la direction de l’établissement rouvre une lettre de mission.")
    letter.validated_by = None
    letter.validated_at = None
    letter.save(update_fields=["validated_by", "validated_at"])
    return letter


@transaction.atomic
def engagement_carry_over(*, engagement: Engagement, until, by) -> Engagement:
    """The direction lets unfinished missions be completed until `until` (None: no carry-over).

    The year's rules say whether and until when; the record then counts the activity up to
    `until`, and the next year's record only from the day after (each activity counts once).
    """
    engagement = (
        Engagement.objects.select_for_update().select_related("school_year").get(pk=engagement.pk)
    )
    year = engagement.school_year
    if not is_direction(by, engagement.school):
        raise PacteError("Seule la direction de l’établissement reporte des missions.")
    validated = ActivityReport.objects.filter(
        engagement=engagement, status=ReportStatus.VALIDATED
    ).count()
    if validated and validated >= engagement.parts.count():
        raise PacteError("Les bilans de toutes les missions sont validés : elles sont closes.")
    if until is not None:
        if not year.carry_over_deadline:
            raise PacteError(
                f"Les règles de l’année {year.label} ne permettent pas de reporter une mission "
                "sur l’année suivante."
            )
        if not (year.end < until <= year.carry_over_deadline):
            raise PacteError(
                f"Le report se termine entre le {year.end + datetime.timedelta(days=1):%d/%m/%Y} "
                f"et le {year.carry_over_deadline:%d/%m/%Y} (règle de l’année {year.label})."
            )
    engagement.carried_over_until = until
    engagement.save(update_fields=["carried_over_until", "updated_at"])
    return engagement


def counting_end(engagement: Engagement) -> datetime.date:
    """Last day whose activity the engagement's record counts (its carry-over, else year end)."""
    return engagement.carried_over_until or engagement.school_year.end

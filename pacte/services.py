"""Writes of the Pacte. Every rule is checked here and broken rules raise PacteError (French)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from etablissements.models import Membership
from etablissements.querysets import is_academy_admin
from etablissements.roles import Role

from .models import (
    MAX_PARTS,
    REFERENCE_COMPOSITION,
    Engagement,
    EngagementPart,
    Mission,
    MissionLetter,
    PartKind,
    SchoolYear,
    TeacherProfile,
    TeacherStatus,
    composition_label,
)


class PacteError(Exception):
    """A rule of the Pacte was broken; the message is for the user, in French."""


def user_has_role(user, school, *roles: str) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, school=school, role__in=roles).exists()


def is_direction(user, school) -> bool:
    """Chef d'établissement / DDFPT of `school` (or an academy administrator)."""
    return is_academy_admin(user) or user_has_role(user, school, Role.DIRECTION)


def _name(user) -> str:
    return user.get_full_name() or user.username


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
    if not user_has_role(teacher, school, Role.TEACHER):
        raise PacteError(f"{_name(teacher)} n’est pas enseignant de cet établissement.")
    _check_eligible(teacher)
    if Engagement.objects.filter(teacher=teacher, school_year=school_year).exists():
        raise PacteError(f"{_name(teacher)} a déjà un Pacte pour l’année {school_year}.")
    return Engagement.objects.create(teacher=teacher, school=school, school_year=school_year)


@dataclass
class PartSpec:
    """One line of the composition submitted for an engagement."""

    mission: Mission
    parts: int = 1
    place: str = ""
    periodicity: str = ""
    content: str = ""
    expected_results: str = ""
    targets: dict = field(default_factory=dict)
    hours: int | None = None


def composition_of(specs: list[PartSpec]) -> dict:
    counts = {kind: 0 for kind in PartKind}
    for spec in specs:
        counts[PartKind(spec.mission.part_kind)] += spec.parts
    return counts


def _check_parts(specs: list[PartSpec]) -> None:
    if not specs:
        raise PacteError("Un Pacte compte au moins une part fonctionnelle.")
    total = sum(spec.parts for spec in specs)
    if total > MAX_PARTS:
        raise PacteError(
            f"Un Pacte compte au plus {MAX_PARTS} parts fonctionnelles ; "
            f"cette composition en compte {total}."
        )
    seen = set()
    for spec in specs:
        if spec.parts < 1:
            raise PacteError(f"« {spec.mission.action} » : au moins une part.")
        if not spec.mission.active:
            raise PacteError(f"La mission « {spec.mission.action} » n’est plus proposée.")
        if spec.mission.pk in seen:
            raise PacteError(
                f"La mission « {spec.mission.action} » figure deux fois : indiquez plutôt "
                "le nombre de parts."
            )
        seen.add(spec.mission.pk)
        if spec.mission.part_kind == PartKind.FORFAIT and spec.parts != 1:
            raise PacteError(f"Le forfait « {spec.mission.action} » compte pour une seule part.")


@transaction.atomic
def engagement_set_parts(
    *,
    engagement: Engagement,
    parts: list[PartSpec],
    by,
    derogation: bool = False,
    derogation_reason: str = "",
) -> Engagement:
    """Replace the parts of an engagement after checking every rule of the Pacte.

    A composition other than the reference (1 RCD + 3 face-à-face + 2 forfaits) needs a
    derogation, which only the direction may validate; who and when are recorded.
    """
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    school = engagement.school
    direction = is_direction(by, school)
    if not (direction or user_has_role(by, school, Role.RBDE)):
        raise PacteError("Seuls la direction et le bureau des entreprises composent les Pactes.")
    if hasattr(engagement, "mission_letter") and engagement.mission_letter.validated_at:
        raise PacteError(
            "La lettre de mission est déjà validée : la direction doit la rouvrir avant de "
            "changer les parts."
        )
    _check_eligible(engagement.teacher)
    _check_parts(parts)

    composition = composition_of(parts)
    if composition == REFERENCE_COMPOSITION:
        engagement.derogation_by = None
        engagement.derogation_at = None
        engagement.derogation_reason = ""
    elif not derogation:
        raise PacteError(
            f"Cette composition ({composition_label(composition)}) s’écarte de la référence "
            f"({composition_label(REFERENCE_COMPOSITION)}) : seule la direction peut valider "
            "cette dérogation."
        )
    elif not direction:
        raise PacteError(
            "Seule la direction (chef d’établissement, DDFPT) peut valider une dérogation à la "
            "composition de référence."
        )
    elif not derogation_reason.strip():
        raise PacteError("Indiquez le motif de la dérogation à la composition de référence.")
    else:
        engagement.derogation_by = by
        engagement.derogation_at = timezone.now()
        engagement.derogation_reason = derogation_reason.strip()
    engagement.save()

    engagement.parts.all().delete()
    EngagementPart.objects.bulk_create(
        [
            EngagementPart(
                engagement=engagement,
                mission=spec.mission,
                parts=spec.parts,
                hours=spec.hours
                if spec.hours is not None
                else (spec.mission.hours * spec.parts if spec.mission.hours else None),
                place=spec.place,
                periodicity=spec.periodicity,
                content=spec.content or spec.mission.description,
                expected_results=spec.expected_results or spec.mission.default_expected_results,
                targets=spec.targets or {},
                position=index,
            )
            for index, spec in enumerate(parts, start=1)
        ]
    )
    return engagement


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

"""Hours redeployed from an engagement to another."""

from __future__ import annotations

from django.db import transaction

from ..models import (
    EngagementPart,
    HoursRedeployment,
    Mission,
    PartKind,
)
from .roles import PacteError, is_direction


def redeployable_hours(part: EngagementPart) -> int:
    """Face-à-face hours of a part not yet redeployed."""
    done = sum(r.hours for r in part.redeployments.all())
    return max((part.hours or 0) - done, 0)


@transaction.atomic
def hours_redeploy(
    *, part: EngagementPart, to_mission: Mission, hours: int, reason: str, by
) -> HoursRedeployment:
    """The direction moves face-à-face hours a teacher cannot do to another mission."""
    part = (
        EngagementPart.objects.select_for_update()
        .select_related("engagement__school", "mission")
        .get(pk=part.pk)
    )
    if not is_direction(by, part.engagement.school):
        raise PacteError("Seule la direction de l’établissement redéploie des heures.")
    if part.mission.part_kind != PartKind.FACE_TO_FACE:
        raise PacteError("Seules les heures de face-à-face pédagogique se redéploient.")
    if to_mission.pk == part.mission_id:
        raise PacteError("Choisissez une autre mission que celle d’où viennent les heures.")
    if not to_mission.active or to_mission.part_kind == PartKind.FORFAIT:
        raise PacteError(
            "Les heures se redéploient vers une mission en heures (RCD ou face-à-face) "
            "encore proposée."
        )
    left = redeployable_hours(part)
    if left == 0:
        raise PacteError("Toutes les heures de cette mission sont déjà redéployées.")
    if not isinstance(hours, int) or hours < 1 or hours > left:
        raise PacteError(f"Indiquez entre 1 et {left} heure(s) : c’est ce qui reste à redéployer.")
    if not (reason or "").strip():
        raise PacteError("Indiquez le motif lié au service.")
    return HoursRedeployment.objects.create(
        from_part=part, to_mission=to_mission, hours=hours, reason=reason.strip(), by=by
    )

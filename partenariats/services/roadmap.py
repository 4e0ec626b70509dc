"""Writes of a partnership's annual roadmap (its joint actions)."""

from django.db import transaction
from django.utils import timezone

from ..models import RoadmapAction
from .partnerships import PartnershipError


@transaction.atomic
def roadmap_action_save(*, action: RoadmapAction) -> RoadmapAction:
    """A roadmap action added or changed: one done is dated (today when no date is given), one
    not done has no date of completion."""
    if action.done and action.done_on is None:
        action.done_on = timezone.localdate()
    if not action.done:
        action.done_on = None
    action.save()
    return action


@transaction.atomic
def roadmap_action_delete(*, action: RoadmapAction) -> None:
    """An action planned and not done is removed; one done stays, as the partnership's history
    and the teacher's bilan count it."""
    if action.done:
        raise PartnershipError(
            "Cette action est réalisée : elle reste dans l’historique du partenariat et dans "
            "les bilans. Décochez « réalisée » si elle ne l’a pas été."
        )
    action.delete()

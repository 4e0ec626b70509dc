"""The teachers' Pacte: reference data per school year, the mission catalogue, engagements."""

from .engagements import (
    MAX_PARTS,
    REFERENCE_COMPOSITION,
    Engagement,
    EngagementPart,
    MissionLetter,
    composition_label,
)
from .missions import Axis, Mission, PartFraction, PartKind
from .teachers import ELIGIBLE_STATUSES, TeacherProfile, TeacherStatus
from .years import InterimStage, SchoolYear

__all__ = [
    "Axis",
    "ELIGIBLE_STATUSES",
    "Engagement",
    "EngagementPart",
    "InterimStage",
    "MAX_PARTS",
    "Mission",
    "MissionLetter",
    "PartFraction",
    "PartKind",
    "REFERENCE_COMPOSITION",
    "SchoolYear",
    "TeacherProfile",
    "TeacherStatus",
    "composition_label",
]

"""The teachers' Pacte: reference data, engagements and letters; activity, bilans, redeployments."""

from .activity import (
    ActivityKind,
    ActivityLog,
    ActivityReport,
    ActivityReportTransition,
    HoursRedeployment,
    ReportStatus,
)
from .engagement import (
    ELIGIBLE_STATUSES,
    MAX_PARTS,
    REFERENCE_COMPOSITION,
    Axis,
    Engagement,
    EngagementPart,
    Mission,
    MissionLetter,
    PartFraction,
    PartKind,
    SchoolYear,
    TeacherProfile,
    TeacherStatus,
    composition_label,
)

__all__ = [
    "ELIGIBLE_STATUSES",
    "MAX_PARTS",
    "REFERENCE_COMPOSITION",
    "ActivityKind",
    "ActivityLog",
    "ActivityReport",
    "ActivityReportTransition",
    "Axis",
    "Engagement",
    "EngagementPart",
    "HoursRedeployment",
    "Mission",
    "MissionLetter",
    "PartFraction",
    "PartKind",
    "ReportStatus",
    "SchoolYear",
    "TeacherProfile",
    "TeacherStatus",
    "composition_label",
]

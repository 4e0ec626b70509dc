"""Reminder rules of the Pacte (see rappels/rules.py), registered when imported."""

from .bilans import (
    LETTER_NOTICE_DAYS,
    CarryOverEnding,
    LetterToSign,
    MissionLetterValidated,
    ReportDue,
    ReportSentBack,
    ReportSubmitted,
)
from .interim import INTERIM_NOTICES, InterimReportDue, InterimReportsMissing

__all__ = [
    "INTERIM_NOTICES",
    "LETTER_NOTICE_DAYS",
    "CarryOverEnding",
    "InterimReportDue",
    "InterimReportsMissing",
    "LetterToSign",
    "MissionLetterValidated",
    "ReportDue",
    "ReportSentBack",
    "ReportSubmitted",
]

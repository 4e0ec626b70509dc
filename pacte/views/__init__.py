"""Staff screens of the Pacte (Wagtail admin). Thin: reads from for_user(), writes via services."""

from .base import (
    PER_PAGE,
    REFERENCE_LABEL,
    SchoolYearMixin,
    academy_admin,
    current_year_of,
    report_summary,
)
from .catalogue import CatalogueCopyView
from .composing import CompositionView, NewEngagementView
from .school import (
    EngagementView,
    MissionLetterPdfView,
    MissionLetterValidateView,
    RepartitionView,
    RepartitionXlsxView,
    SchoolPacteView,
)
from .teacher import (
    ActivityLogAddView,
    ActivityLogDeleteView,
    CarryOverView,
    InterimReportWriteView,
    MyMissionView,
    RedeployView,
    ReportPdfView,
    ReportsView,
    ReportView,
)

__all__ = [
    "ActivityLogAddView",
    "ActivityLogDeleteView",
    "CarryOverView",
    "CatalogueCopyView",
    "CompositionView",
    "EngagementView",
    "InterimReportWriteView",
    "MissionLetterPdfView",
    "MissionLetterValidateView",
    "MyMissionView",
    "NewEngagementView",
    "PER_PAGE",
    "REFERENCE_LABEL",
    "RedeployView",
    "RepartitionView",
    "RepartitionXlsxView",
    "ReportPdfView",
    "ReportView",
    "ReportsView",
    "SchoolPacteView",
    "SchoolYearMixin",
    "academy_admin",
    "current_year_of",
    "report_summary",
]

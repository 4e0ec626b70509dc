"""The year's interim bilans: where each mission stands, written by the teacher."""

from __future__ import annotations

from django.db import transaction

from ..models import Engagement, InterimReport, InterimStage, Mission
from .roles import PacteError


@transaction.atomic
def interim_report_write(
    *, engagement: Engagement, mission: Mission, stage: str, text: str, by
) -> InterimReport:
    """The teacher writes, or rewrites, where a mission of their lettre de mission stands for
    one of the year's interim bilans."""
    if by is None or by.pk != engagement.teacher_id:
        raise PacteError("Seul l’enseignant concerné peut écrire son bilan intermédiaire.")
    year = engagement.school_year
    if stage not in dict(year.interim_reports()):
        raise PacteError(f"L’année {year.label} ne prévoit pas ce bilan intermédiaire.")
    if not engagement.parts.filter(mission=mission).exists():
        raise PacteError("Cette mission ne figure pas dans la lettre de mission.")
    text = (text or "").strip()
    if not text:
        raise PacteError(f"Écrivez où en est la mission pour le {InterimStage(stage).label}.")
    report, _ = InterimReport.objects.update_or_create(
        engagement=engagement,
        mission=mission,
        stage=stage,
        defaults={"text": text, "written_by": by},
    )
    return report

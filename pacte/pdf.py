"""PDF documents of the Pacte (lettre de mission, bilan d'activité), rendered by WeasyPrint."""

from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from .activity import METRICS
from .models import Engagement, ReportStatus
from .services import mission_record


def render_pdf(template_name: str, context: dict) -> bytes:

    html = render_to_string(template_name, {"generated_at": timezone.localtime(), **context})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def mission_letter_pdf(letter, *, with_pay: bool = True) -> bytes:
    """The lettre de mission; without its pay line for a reader who does not see pay (IEN)."""
    engagement = letter.engagement
    return render_pdf(
        "pacte/pdf/lettre_de_mission.html",
        {
            "with_pay": with_pay,
            "letter": letter,
            "engagement": engagement,
            "parts": engagement.parts.select_related("mission"),
            "reference": "1 RCD + 3 face-à-face + 2 forfaits",
        },
    )


def activity_report_data(report) -> dict:
    """What a mission's bilan shows: frozen at validation, else compiled live (a bilan handed in
    follows the activity until the direction validates it)."""

    if report.compiled and report.status == ReportStatus.VALIDATED:
        return report.compiled
    engagement = Engagement.objects.with_related().get(pk=report.engagement_id)
    return mission_record(engagement, report.mission)


def report_rows(data: dict) -> list[dict]:
    """Counted activities with their targets, labelled, for the screen and the PDF."""

    counts, targets = data.get("counts", {}), data.get("targets", {})
    planned = data.get("planned", {})
    # Bilans frozen before one bilan per mission have no "metrics": every activity they counted
    # (not the ones added since, such as the PFMP visits).
    keys = data["metrics"] if "metrics" in data else [k for k in METRICS if k in counts]
    rows = []
    for key, label in METRICS.items():
        if key not in keys:
            continue
        done, target = Decimal(str(counts.get(key, 0))), targets.get(key)
        rows.append(
            {
                "key": key,
                "label": label,
                "done": done,
                "target": target,
                "planned": Decimal(str(planned.get(key, 0))),
                "reached": target is not None and done >= target,
                "is_hours": key == "heures",
            }
        )
    return rows


def activity_report_pdf(report) -> bytes:
    engagement = report.engagement
    data = activity_report_data(report)
    return render_pdf(
        "pacte/pdf/bilan.html",
        {
            "report": report,
            "engagement": engagement,
            "parts": engagement.parts.filter(mission=report.mission).select_related("mission"),
            "data": data,
            "rows": report_rows(data),
        },
    )

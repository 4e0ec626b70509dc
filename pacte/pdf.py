"""PDF documents of the Pacte (lettre de mission, bilan d'activité), rendered by WeasyPrint."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template_name, {"generated_at": timezone.localtime(), **context})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def mission_letter_pdf(letter) -> bytes:
    engagement = letter.engagement
    return render_pdf(
        "pacte/pdf/lettre_de_mission.html",
        {
            "letter": letter,
            "engagement": engagement,
            "parts": engagement.parts.select_related("mission"),
            "reference": "1 RCD + 3 face-à-face + 2 forfaits",
        },
    )

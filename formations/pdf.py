"""PDF documents of a session, rendered from HTML templates by WeasyPrint."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML


def _render(template: str, context: dict) -> bytes:

    html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def sign_in_sheet_pdf(training) -> bytes:
    """The printable sign-in sheet: every tutor holding a place, a column to sign."""
    registrations = (
        training.registrations.holding_place()
        .select_related("contact__company")
        .order_by("contact__last_name", "contact__first_name")
    )
    return _render(
        "formations/pdf/emargement.html",
        {"training": training, "registrations": registrations, "now": timezone.now()},
    )


def certificate_pdf(registration) -> bytes:
    """The attendance certificate (attestation de présence) of one present tutor."""
    return _render(
        "formations/pdf/attestation.html",
        {
            "registration": registration,
            "training": registration.training,
            "contact": registration.contact,
            "now": timezone.now(),
        },
    )

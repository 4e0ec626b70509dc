"""Abuse limits of the public forms (module values: an instance or a test may change them)."""

from django.shortcuts import render

from common.ratelimits import rate_limited

from ..pages import WayPage

# Abuse limits (module values so that an instance or a test may change them).
RATE_PER_IP = "20/h"


RATE_PER_EMAIL = "5/h"


MAX_BODY_BYTES = 64 * 1024


def _rate_limited(request, group: str) -> bool:
    """Count this POST per client address and per email (common.ratelimits)."""
    return rate_limited(
        request,
        group,
        per_ip=RATE_PER_IP,
        per_key=RATE_PER_EMAIL,
        key=request.POST.get("email") or "",
    )


def _too_large(request) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES
    except ValueError:
        return True


def _error_page(request, title: str, message: str, status: int):
    return render(request, "offres/error.html", {"title": title, "message": message}, status=status)


def _way_page(kind: str):
    return WayPage.objects.live().filter(kind=kind).first()

"""Abuse limits of the public forms (module values: an instance or a test may change them)."""

from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

from ..pages import WayPage

# Abuse limits (module values so that an instance or a test may change them).
RATE_PER_IP = "20/h"


RATE_PER_EMAIL = "5/h"


MAX_BODY_BYTES = 64 * 1024


def _email_key(group, request):
    return (request.POST.get("email") or "").strip().lower() or "-"


def _rate_ip(group, request):
    return RATE_PER_IP


def _rate_email(group, request):
    return RATE_PER_EMAIL


def _rate_limited(request, group: str) -> bool:
    """Count this POST per IP and per email; True once either goes over its rate."""
    by_ip = is_ratelimited(
        request, group=f"{group}-ip", key="ip", rate=_rate_ip, method="POST", increment=True
    )
    by_email = is_ratelimited(
        request,
        group=f"{group}-email",
        key=_email_key,
        rate=_rate_email,
        method="POST",
        increment=True,
    )
    return by_ip or by_email


def _too_large(request) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES
    except ValueError:
        return True


def _error_page(request, title: str, message: str, status: int):
    return render(request, "offres/error.html", {"title": title, "message": message}, status=status)


def _way_page(kind: str):
    return WayPage.objects.live().filter(kind=kind).first()

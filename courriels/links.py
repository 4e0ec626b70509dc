"""Absolute addresses for what a mail links to."""

from django.conf import settings


def absolute_url(url: str) -> str:
    if url and url.startswith("/"):
        return settings.PORTAL_BASE_URL + url
    return url

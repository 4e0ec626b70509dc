"""The address of the person behind a request, the one helper every limit keys on.

In production the portal sits behind `TRUSTED_PROXY_COUNT` reverse proxies (see
docker-compose.yml): each appends the address it saw to X-Forwarded-For, so the client is the
entry that many places from the right. Entries further left were written by the client itself
and prove nothing. With no proxy (make run), REMOTE_ADDR is the client.
"""

import ipaddress

from django.conf import settings


def _valid(value: str) -> str | None:
    value = (value or "").strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR") or "0.0.0.0"
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part]
    if len(forwarded) < count:
        return remote
    return _valid(forwarded[-count]) or remote

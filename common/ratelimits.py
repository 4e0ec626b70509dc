"""Abuse limits: the one helper of the public forms, the SIRET lookup and the password reset,
per client address and per person (an email, a link's token).

Counters live in the cache (Redis when REDIS_URL is set; see portal.checks for why production
needs it). The address is the client's behind the reverse proxy (common.client_ip).
"""

from django_ratelimit.core import get_usage, is_ratelimited

TOO_MANY = (
    "Trop d’envois en peu de temps depuis votre connexion ou pour cette adresse : rien n’est "
    "enregistré. Patientez une heure puis renvoyez le formulaire ; ce que vous avez saisi est "
    "conservé."
)


def rate_limited(
    request,
    group: str,
    *,
    per_ip: str,
    per_key: str | None = None,
    key=None,
    method: str = "POST",
) -> bool:
    """Count this request (a POST unless `method` says otherwise) per client address, and per
    `key` (an email, a link's token) when given, against `group`'s rates; True once either goes
    over."""
    if request.method != method:
        return False
    by_ip = is_ratelimited(
        request, group=f"{group}-ip", key="ip", rate=per_ip, method=method, increment=True
    )
    by_key = False
    if per_key and key is not None:
        value = (str(key) or "").strip().lower()[:200] or "-"
        by_key = is_ratelimited(
            request,
            group=f"{group}-key",
            key=lambda _group, _request: value,
            rate=per_key,
            method=method,
            increment=True,
        )
    return by_ip or by_key


def seconds_to_wait(request, group: str, *, rate: str, value, count=True) -> int | None:
    """Count one call of `value` (a token, an address) against `group`'s rate (or only read
    the count: `count=False`); once over it, the seconds left in the window (at least 1)."""
    usage = get_usage(
        request,
        group=group,
        key=lambda _group, _request: str(value)[:200] or "-",
        rate=rate,
        increment=count,
    )
    if not usage or not usage["should_limit"]:
        return None
    return max(1, int(usage["time_left"]))

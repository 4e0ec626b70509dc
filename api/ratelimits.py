"""The API's rate limit: per token, and per client address for calls without a valid token.

Counted in the cache by the project's helper (common.ratelimits, django-ratelimit); over the
limit the call gets a 429 in French with `Retry-After`, before any row is read.
"""

from django.conf import settings
from django.http import JsonResponse

from common.client_ip import client_ip
from common.ratelimits import seconds_to_wait


class ApiRateLimited(Exception):
    def __init__(self, wait: int):
        super().__init__(wait)
        self.wait = wait


def check_address(request, *, count=True) -> None:
    """A call without a valid token, counted per client address. Read before a key is checked
    (`count=False`): once over, no key is even looked at, so guessing learns nothing."""
    wait = seconds_to_wait(
        request,
        "api-adresse",
        rate=settings.API_RATE_PER_ADDRESS,
        value=client_ip(request),
        count=count,
    )
    if wait:
        raise ApiRateLimited(wait)


def check_token(request, token) -> None:
    wait = seconds_to_wait(request, "api-jeton", rate=settings.API_RATE_PER_TOKEN, value=token.pk)
    if wait:
        raise ApiRateLimited(wait)


def too_many_response(wait: int) -> JsonResponse:
    response = JsonResponse(
        {
            "detail": "Trop d’appels en peu de temps avec ce jeton ou depuis cette adresse : "
            f"réessayez dans {wait} s. Limites : {settings.API_RATE_PER_TOKEN} par jeton, "
            f"{settings.API_RATE_PER_ADDRESS} par adresse sans jeton valide.",
            "reessayer_dans_secondes": wait,
        },
        status=429,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Retry-After"] = str(wait)
    return response


def limit_address(view):
    """For the views without a token (the OpenAPI description)."""

    def wrapped(request, *args, **kwargs):
        try:
            check_address(request)
        except ApiRateLimited as exc:
            return too_many_response(exc.wait)
        return view(request, *args, **kwargs)

    return wrapped

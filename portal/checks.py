"""System checks of the production shape (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.security, deploy=True)
def shared_cache_for_rate_limits(app_configs=None, **kwargs):
    """Rate limits count in the cache: a cache per process multiplies every limit by the
    number of gunicorn workers."""
    if settings.DEBUG:
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            Warning(
                "Le cache est propre à chaque processus : les limites de débit des formulaires "
                "publics et des réinitialisations de mot de passe sont multipliées par le nombre "
                "de workers gunicorn.",
                hint="Définissez REDIS_URL (un Redis partagé par tous les processus), comme "
                "dans docker-compose.yml.",
                id="portal.W001",
            )
        ]
    return []

"""Finding 13: `check --deploy` says so when rate limits would live in each process's memory."""

import os
import subprocess
import sys

from django.conf import settings

from portal.checks import shared_cache_for_rate_limits

SKIPPED = {"DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL"}
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x7!kq2#Lp9zR$wV4mN8bT6yH3jF1dS5aG0cE^uI&oP*lK_=+qZ",
    "ALLOWED_HOSTS": "bde.ac-exemple.fr",
}


def _check_deploy(tmp_path, **extra):
    env = {
        **{k: v for k, v in os.environ.items() if k not in SKIPPED},
        **PRODUCTION,
        "VAR_DIR": str(tmp_path),
        **extra,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    return result.stdout + result.stderr


def test_production_without_a_shared_cache_is_reported(tmp_path):
    output = _check_deploy(tmp_path)
    assert "portal.W001" in output
    assert "propre à chaque processus" in output


def test_production_with_redis_says_nothing(tmp_path):
    output = _check_deploy(tmp_path, REDIS_URL="redis://127.0.0.1:6379/9")
    assert "System check identified no issues" in output, output


def test_the_check_is_silent_in_debug(settings):
    settings.DEBUG = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert shared_cache_for_rate_limits() == []
    settings.DEBUG = False
    assert [w.id for w in shared_cache_for_rate_limits()] == ["portal.W001"]

"""Is a real service here? Tests that need one skip with the reason, or fail under CI=true."""

import os
import shutil
import socket
from pathlib import Path
from urllib.parse import urlparse

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def postgres_absent_reason() -> str | None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return "PostgreSQL n’est pas la base configurée (DATABASE_URL non défini)"
    return None


def redis_url() -> str:
    from django.conf import settings

    broker = settings.CELERY_BROKER_URL
    if broker.startswith("redis://"):
        return broker
    return os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


def redis_absent_reason() -> str | None:
    parsed = urlparse(redis_url())
    if not _reachable(parsed.hostname or "127.0.0.1", parsed.port or 6379):
        return f"aucun serveur Redis ne répond sur {parsed.hostname}:{parsed.port}"
    return None


def chromium_absent_reason() -> str | None:
    if not shutil.which("chromium"):
        return "chromium (paquet Debian) n’est pas installé"
    return None


def compose_absent_reason() -> str | None:
    if not shutil.which("docker-compose"):
        return "docker-compose (paquet Debian) n’est pas installé"
    return None


VNU_JAR = Path(__file__).resolve().parent.parent / "node_modules/vnu-jar/build/dist/vnu.jar"


def htmlchecker_absent_reason() -> str | None:
    if not shutil.which("java"):
        return "Java (17 ou plus) n’est pas installé : le vérificateur HTML du W3C en a besoin"
    if not VNU_JAR.exists():
        return "vnu-jar n’est pas installé (npm ci, fait par make install-test)"
    return None


OIDC_PROVIDER_DIR = os.path.join(os.path.dirname(__file__), "browser", "oidc")


def oidc_provider_absent_reason() -> str | None:
    if not shutil.which("node"):
        return "Node.js n’est pas installé (fournisseur OpenID Connect de test)"
    if not os.path.isdir(os.path.join(OIDC_PROVIDER_DIR, "node_modules", "oidc-provider")):
        return (
            "oidc-provider n’est pas installé : make install-test (npm ci dans tests/browser/oidc)"
        )
    return None


CHECKS = {
    "postgres": postgres_absent_reason,
    "redis": redis_absent_reason,
    "browser": chromium_absent_reason,
    "compose": compose_absent_reason,
    "htmlchecker": htmlchecker_absent_reason,
    "oidc_provider": oidc_provider_absent_reason,
}


def require_services(item) -> None:
    for marker, check in CHECKS.items():
        if item.get_closest_marker(marker) is None:
            continue
        reason = check()
        if reason is None:
            continue
        if IN_CI:
            pytest.fail(f"CI=true : service requis absent — {reason}", pytrace=False)
        pytest.skip(reason)

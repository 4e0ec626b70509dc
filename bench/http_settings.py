"""Settings of bench/http.py only: the portal's, plus the bench-only plain list URL."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.http_urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]  # noqa: F405

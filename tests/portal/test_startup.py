"""A web process settles once loaded: its loaded objects leave the collector's full walks."""

import gc
import os
import subprocess
import sys

from django.conf import settings

from portal.startup import settle


def test_settling_freezes_what_is_loaded_and_leaves_new_objects_to_the_collector():
    try:
        frozen = settle()
        tracked_after = len(gc.get_objects())
        new = [[] for _ in range(1000)]

        assert frozen > 10_000  # Django, Wagtail and the portal's apps, URL patterns, models
        assert tracked_after < frozen / 10
        assert len(gc.get_objects()) >= tracked_after + len(new)
    finally:
        gc.unfreeze()


def test_the_wsgi_application_settles_when_loaded():
    """What gunicorn does in each worker: import portal.wsgi (in a process of its own)."""
    script = (
        "import gc, portal.wsgi; print(gc.get_freeze_count(), callable(portal.wsgi.application))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    frozen, callable_ = done.stdout.split()
    assert int(frozen) > 10_000, done.stderr
    assert callable_ == "True"

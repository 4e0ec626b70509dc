"""A web process settles once loaded: its loaded objects leave the collector's full walks."""

import gc
import importlib

import portal.wsgi
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
    gc.unfreeze()
    try:
        importlib.reload(portal.wsgi)

        assert gc.get_freeze_count() > 10_000
        assert callable(portal.wsgi.application)
    finally:
        gc.unfreeze()

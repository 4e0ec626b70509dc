import os
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

from tests import database
from tests.services import require_services

# pytest-playwright drives the browser from an event loop while live_server uses the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    # Production's PBKDF2 costs up to a second per user on this machine (88 s of 228 s on 41
    # tests); the tests about passwords (login, lockout, reset) still check one, only faster.
    # Set before any fixture runs, so that session-wide users are hashed the same way.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _own_redis_database_per_worker()


def _own_redis_database_per_worker():
    """Under pytest-xdist each process clears its cache between tests: each gets its own Redis
    database (the configured one plus the worker's number), and so do the Celery workers and
    servers it starts. The broker stays shared: every test worker has a queue of its own."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker or not settings.REDIS_URL:
        return
    parsed = urlsplit(settings.REDIS_URL)
    base = int(parsed.path.strip("/") or 0)
    url = urlunsplit(parsed._replace(path=f"/{base + int(worker.removeprefix('gw'))}"))
    settings.REDIS_URL = os.environ["REDIS_URL"] = url
    settings.CACHES["default"]["LOCATION"] = url


def pytest_runtest_setup(item):
    require_services(item)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The tests that use no database first, those that start processes of their own leading.

    pytest-django runs the database tests first and the others last, so `make run`'s processes
    (a minute and more on its own) started when the other process had nothing left to do: the
    suite waited for it. Run first, it overlaps the template database's build (tests/database.py)
    by the other process. Tests without a database read nothing the others leave behind, and the
    database tests keep pytest-django's order (transactional ones after the others)."""
    without_database = [item for item in items if not _uses_database(item)]
    if not without_database:
        return
    with_database = [item for item in items if _uses_database(item)]
    without_database.sort(key=lambda item: item.get_closest_marker("worker") is None)
    items[:] = without_database + with_database


def _uses_database(item) -> bool:
    fixtures = getattr(item, "fixturenames", ())
    return item.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server", "django_db_setup"} & set(fixtures)
    )


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker):
    """One migrated template per schema, cloned for each process (tests/database.py)."""
    with django_db_blocker.unblock():
        state = database.setup(verbosity=request.config.option.verbose)
    yield
    with django_db_blocker.unblock():
        database.teardown(state)


@pytest.fixture(autouse=True)
def _public_page_cache_on(settings):
    """As in production: anonymous visitors get public pages from the cache
    (portal/public_cache.py), so every test that reads a page after a change checks that the
    change shows."""
    settings.PUBLIC_CACHE_SECONDS = 300


@pytest.fixture(autouse=True)
def _mail_in_memory(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The test sends the outbox itself (tests/outbox.py), no Celery task after each commit.
    settings.COURRIELS_SEND_ON_COMMIT = False


@pytest.fixture(autouse=True)
def _no_indicators_refresh_after_writes(settings):
    """No refresh task queued after each write (pilotage.freshness); its own tests turn it on."""
    settings.INDICATORS_REFRESH_DELAY_SECONDS = 0


@pytest.fixture
def mailoutbox(_mail_in_memory, django_mail_patch_dns, _dj_autoclear_mailbox):
    """The mails sent, once the outbox sent what is due (see tests/outbox.py)."""
    from tests.outbox import DeliveredMails

    return DeliveredMails()


@pytest.fixture
def site(db):
    from home.content import site_ensure_home

    return site_ensure_home()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Every public form counts posts in the cache (common.ratelimits): each test starts at 0,
    and with no page seen by the public page cache (portal/public_cache.py)."""
    from django.core.cache import cache

    from portal.public_cache import FIRST_VISITS

    cache.clear()
    FIRST_VISITS.clear()
    yield
    cache.clear()

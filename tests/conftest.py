import os

import pytest

from tests.services import require_services

# pytest-playwright drives the browser from an event loop while live_server uses the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_runtest_setup(item):
    require_services(item)


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
    """Every public form counts posts in the cache (common.ratelimits): each test starts at 0."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()

from pathlib import Path

import pytest

from rappels.rules import REGISTRY, register, unregister

from .rules_for_tests import SchoolExternalRule, SchoolRule
from .smtp_server import smtp_server

TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture
def test_templates(settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES]}
    ]


@pytest.fixture
def school_rule(only_test_rules, test_templates):
    SchoolRule.recipients_by_school = {}
    register(SchoolRule)
    yield REGISTRY[SchoolRule.code]
    unregister(SchoolRule.code)


@pytest.fixture
def external_rule(only_test_rules, test_templates):
    SchoolExternalRule.recipients_by_school = {}
    register(SchoolExternalRule)
    yield REGISTRY[SchoolExternalRule.code]
    unregister(SchoolExternalRule.code)


@pytest.fixture
def only_test_rules(monkeypatch):
    """Plan only the test rules (the real ones would find nothing anyway, but stay out)."""
    saved = dict(REGISTRY)
    for code in list(REGISTRY):
        if not code.startswith("test"):
            REGISTRY.pop(code)
    yield
    REGISTRY.clear()
    REGISTRY.update(saved)


@pytest.fixture
def smtp(settings):
    with smtp_server() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 5
        yield server

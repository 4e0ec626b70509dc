"""The API against its own OpenAPI description (schemathesis, in process through WSGI: no
network): no server error, every response matches the schema, school A's token never returns
school B's rows."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import ignored_auth

from api.services import api_token_create
from portal.wsgi import application

EXAMPLES = 30


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does: a request through the WSGI app must not close the test
    database connection (the test's transaction holds the data)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_no_server_error_responses_match_the_schema_and_school_b_stays_hidden(
    data, school_a, school_b
):
    key = api_token_create(name="schemathesis", school=school_a)[1]
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    checked = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            response = case.call(headers={"Authorization": f"Bearer {key}"})
            assert response.status_code < 500, (case.path, case.query, response.status_code)
            # The token is ours, not generated: authentication has its own tests (test_api.py).
            case.validate_response(response, excluded_checks=[ignored_auth])
            if response.status_code == 200:
                text = response.content.decode()
                assert school_b.uai not in text and "Bêta" not in json.dumps(
                    json.loads(text), ensure_ascii=False
                )

        check()
        checked.append(operation.path)
    assert len(checked) == 4, checked

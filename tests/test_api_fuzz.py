"""Issue 17, security suite: schemathesis generates requests from the portal's OpenAPI schema
(built in process by drf-spectacular) and sends them to the portal in process: no answer is a
server error, and every status answered is one the schema documents. A capped number of
examples per operation, with a key that holds every scope, so the calls get past
authentication to the views' own checks."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.api_keys import SCOPES, api_client_create

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
EXAMPLES_PER_OPERATION = 25


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The test runs in a transaction on one connection; a real WSGI request would close it
    (Django closes old connections when a request starts and ends), as the test client avoids."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _schema() -> Any:
    from django.core.handlers.wsgi import WSGIHandler
    from drf_spectacular.generators import SchemaGenerator
    from schemathesis import openapi

    raw = SchemaGenerator().get_schema(request=None, public=True)
    schema = openapi.from_dict(raw)
    schema.app = WSGIHandler()
    return schema


def _operations() -> list[Any]:
    return [result.ok() for result in _schema().get_all_operations()]


def test_every_operation_answers_within_its_documented_statuses():
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import status_code_conformance

    key = api_client_create(name="Fuzzer", scopes=list(SCOPES)).key
    headers = {"Authorization": f"Api-Key {key}"}
    operations = _operations()
    assert len(operations) >= 5, [op.label for op in operations]
    failures: list[str] = []
    statuses: list[int] = []

    for operation in operations:

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(), _=st.just(None))
        def run(case: Any, _: None) -> None:
            response = case.call(headers=headers)
            statuses.append(response.status_code)
            try:
                case.validate_response(
                    response, checks=[not_a_server_error, status_code_conformance]
                )
            except Exception as error:
                failures.append(f"{case.operation.label}: {response.status_code}: {error}"[:400])

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            run()

    assert failures == [], "\n".join(sorted(set(failures))[:20])
    assert len(statuses) >= 5 * len(operations)
    assert 500 not in statuses

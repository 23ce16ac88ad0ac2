"""One JSON log line per request, carrying the request id; no query string in it."""

from __future__ import annotations

import io
import json
import logging

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    formatter_config = settings.LOGGING["formatters"]["json"]
    factory = formatter_config["()"]
    handler.setFormatter(factory(**{k: v for k, v in formatter_config.items() if k != "()"}))
    logger = logging.getLogger("portal.request")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    logger.removeHandler(handler)
    logger.setLevel(previous)


def test_each_request_writes_one_json_line_with_its_request_id(client, log_lines):
    response = client.get("/ar/accounts/sign-in/?next=/secret-civil-id-12345")

    lines = log_lines()
    assert len(lines) == 1
    line = lines[0]
    assert line["event"] == "request"
    assert line["request_id"] == response["X-Request-ID"]
    assert line["status"] == 200
    assert line["path"] == "/ar/accounts/sign-in/"
    assert "secret-civil-id" not in json.dumps(line)


def test_a_log_injection_attempt_stays_inside_one_json_line(client, log_lines):
    client.get("/ar/x%0A%7B%22event%22%3A%22forged%22%7D/")

    lines = log_lines()
    assert len(lines) == 1
    assert lines[0]["event"] == "request"


def test_an_unsafe_incoming_request_id_is_replaced(client):
    response = client.get("/ar/", HTTP_X_REQUEST_ID="bad id\nwith newline")

    assert response["X-Request-ID"] != "bad id\nwith newline"
    assert len(response["X-Request-ID"]) == 32

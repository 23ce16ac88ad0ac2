"""Bearer links never reach the logs: neither our request line nor Django's own error lines
carry a worker's transfer-consent, contract or objection token (issue 17, finding 6)."""

from __future__ import annotations

import json
import logging

import pytest

from core.tokens import new_token

pytestmark = pytest.mark.django_db


def _formatted(record: logging.LogRecord) -> str:
    formatter = next(h.formatter for h in logging.getLogger().handlers if h.formatter)
    assert formatter is not None
    return formatter.format(record)


def test_djangos_error_line_carries_no_token():
    token = new_token()
    record = logging.LogRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "Service Unavailable: %s",
        (f"/ar/permits/transfer-consent/{token}/",),
        None,
    )

    line = json.loads(_formatted(record))

    assert token not in json.dumps(line)
    assert line["event"] == "Service Unavailable: /ar/permits/transfer-consent/[token]/"


def test_the_request_line_carries_no_token(client, caplog):
    token = new_token()
    with caplog.at_level(logging.INFO, logger="portal.request"):
        client.get(f"/ar/employment/contracts/{token}/")

    lines = [_formatted(r) for r in caplog.records if r.name == "portal.request"]
    assert lines
    assert all(token not in line for line in lines)
    assert any("/ar/employment/contracts/[token]/" in line for line in lines)


def test_ordinary_paths_are_kept():
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Not Found: %s", ("/ar/permits/42/",), None
    )

    assert "/ar/permits/42/" in _formatted(record)

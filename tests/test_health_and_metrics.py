"""/health/ reports database, cache and broker; /metrics exposes Prometheus metrics."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_health_reports_every_component_as_json(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert body["checks"]["broker"]["mode"] == "in-process"


@pytest.mark.redis
def test_health_checks_a_real_redis_broker(client, settings, redis_url):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = redis_url

    body = client.get("/health/").json()

    assert body["checks"]["broker"] == {**body["checks"]["broker"], "status": "ok", "mode": "redis"}


def test_health_answers_503_when_the_broker_is_down(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    response = client.get("/health/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["checks"]["broker"]["status"] == "down"
    assert body["checks"]["database"]["status"] == "ok"


def test_metrics_are_exposed_for_prometheus(client):
    client.get("/ar/")

    response = client.get("/metrics")

    assert response.status_code == 200
    assert b"django_http_requests_total_by_method_total" in response.content


@pytest.mark.parametrize(
    ("redis_url", "cache_url"),
    [
        ("redis://redis:6379/0", "redis://redis:6379/1"),
        ("redis://redis:6379", "redis://redis:6379/1"),
        (
            "rediss://:secret@redis:6380/0?ssl_cert_reqs=required",
            "rediss://:secret@redis:6380/1?ssl_cert_reqs=required",
        ),
    ],
)
def test_the_cache_uses_database_1_of_the_broker_redis(redis_url, cache_url):
    from labor_portal.settings.base import _redis_database

    assert _redis_database(redis_url, 1) == cache_url

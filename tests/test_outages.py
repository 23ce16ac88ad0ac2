"""A Redis outage does not take the portal down: sessions live in the database and cache
errors are misses. /health/ reports the outage instead."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:1/1"  # nothing listens on port 1


@pytest.fixture
def redis_down(settings) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    # the settings fixture rebuilds the cache handlers when CACHES changes, and restores them


def test_pages_and_sign_in_work_while_redis_is_down(client, make_user, redis_down):
    user = make_user()

    home = client.get("/ar/")
    signed_in = client.post(
        "/ar/accounts/sign-in/", {"username": user.username, "password": "Correct-Horse-Battery-9"}
    )
    dashboard = client.get("/ar/accounts/home/")

    assert home.status_code == 200
    assert signed_in.status_code == 302
    assert dashboard.status_code == 200
    # the session that kept the user signed in was written to the database, not the dead cache
    assert Session.objects.filter(session_key=client.session.session_key).exists()


def test_health_reports_the_outage(client, redis_down):
    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["status"] == "down"

"""Production settings pass Django's deployment checklist and refuse to start without secrets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def _private_jwk(use: str) -> str:
    import json

    from joserfc.jwk import ECKey

    return json.dumps(ECKey.generate_key("P-256", parameters={"use": use}).as_dict(private=True))


PRODUCTION_ENV = {
    "IDENTITY_PROVIDER_ISSUER": "https://id.example.om",
    "IDENTITY_CLIENT_PRIVATE_JWK": _private_jwk("sig"),
    "IDENTITY_CLIENT_ENCRYPTION_JWK": _private_jwk("enc"),
    "DJANGO_SETTINGS_MODULE": "labor_portal.settings.production",
    "DJANGO_SECRET_KEY": "test-only-Q7v2Lr9XwPz4Kd8Nf3Hs6Jb1Mc5Tg0Yu-production-check",
    "DJANGO_ALLOWED_HOSTS": "portal.example.org",
    "DATABASE_URL": "postgres://portal:secret@db.invalid:5432/portal",
    "REDIS_URL": "redis://redis.invalid:6379/0",
    "TWILIO_ACCOUNT_SID": "AC" + "1" * 32,
    "TWILIO_AUTH_TOKEN": "test-twilio-token",  # pragma: allowlist secret
    "PAYMENT_GATEWAY_SECRET_KEY": "test-gateway-key",  # pragma: allowlist secret
    "PAYMENT_WEBHOOK_SECRET": "test-webhook-secret",  # pragma: allowlist secret
    "SMS_STATUS_CALLBACK_BASE_URL": "https://portal.example.org",
    "PROXY_COUNT": "1",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            ("DJANGO_", "DATABASE_", "REDIS_", "IDENTITY_", "PROXY_", "SMS_", "TWILIO_")
        )
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_prints_no_warning():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "missing",
    [
        "DJANGO_SECRET_KEY",
        "DATABASE_URL",
        "REDIS_URL",
        "TWILIO_AUTH_TOKEN",
        "IDENTITY_CLIENT_PRIVATE_JWK",
        "IDENTITY_CLIENT_ENCRYPTION_JWK",
        "IDENTITY_PROVIDER_ISSUER",
        "PROXY_COUNT",
        "PAYMENT_GATEWAY_SECRET_KEY",
        "PAYMENT_WEBHOOK_SECRET",
    ],
)
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}

    result = _manage("check", env=env)

    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_a_short_secret_key():
    result = _manage("check", env={**PRODUCTION_ENV, "DJANGO_SECRET_KEY": "short"})

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_compose_tells_production_how_many_proxies_stand_in_front():
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    environment = compose["x-app"]["environment"]
    assert environment["PROXY_COUNT"] == "${PROXY_COUNT:-1}"


@pytest.mark.parametrize("token", [None, "fake-provider-auth-token"])
def test_production_refuses_a_public_webhook_secret_whatever_the_sms_backend(token):
    # a STOP reply signed with a public default would opt anyone out of their notices
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "TWILIO_AUTH_TOKEN"}
    env["SMS_BACKEND"] = "console"
    if token is not None:
        env["TWILIO_AUTH_TOKEN"] = token

    result = _manage("check", env=env)

    assert result.returncode != 0
    assert "TWILIO_AUTH_TOKEN" in result.stderr

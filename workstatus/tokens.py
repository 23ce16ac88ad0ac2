"""The worker's QR token: signed by Django's TimestampSigner (never hand-rolled) and valid for
a short while, so that a screenshot expires. It carries the employee id and nothing else."""

from __future__ import annotations

from django.core import signing

SALT = "workstatus.qr"
MAX_AGE_SECONDS = 90  # the worker's page shows a new one every 30 seconds


class TokenExpired(Exception):  # noqa: N818 - read as "the token expired"
    """The token was genuine but is older than MAX_AGE_SECONDS."""


class TokenInvalid(Exception):  # noqa: N818 - read as "the token is not valid"
    """The token is not one the portal signed (altered, truncated, another salt)."""


def token_for(employee_id: int) -> str:
    return signing.TimestampSigner(salt=SALT).sign(str(employee_id))


def employee_id_from(token: str, *, max_age: int = MAX_AGE_SECONDS) -> int:
    """The employee id of a token; raises TokenExpired or TokenInvalid."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token.strip(), max_age=max_age)
    except signing.SignatureExpired as error:
        raise TokenExpired from error
    except signing.BadSignature as error:
        raise TokenInvalid from error
    if not value.isdigit():
        raise TokenInvalid
    return int(value)

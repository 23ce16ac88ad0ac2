"""The signed token in a room's QR code (django.core.signing: an HMAC of the settings' secret,
no hand-made crypto). It names the room and its site; it does not expire, since the code is
printed and stuck on the door. A token changed by hand fails its signature."""

from __future__ import annotations

from django.core import signing

SALT = "accommodation.room"


class RoomTokenInvalidError(Exception):
    """The token was not made by the portal."""


def room_token(*, room_id: int, site_id: int) -> str:
    return signing.dumps({"r": room_id, "s": site_id}, salt=SALT, compress=False)


def room_from_token(token: str) -> tuple[int, int]:
    """(room id, site id) of a token; raises RoomTokenInvalidError."""
    try:
        data = signing.loads(token, salt=SALT)
        return int(data["r"]), int(data["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise RoomTokenInvalidError from error

"""Unguessable tokens for addresses sent to people (certificate checks, a worker's SMS links)."""

from __future__ import annotations

import secrets


def new_token() -> str:
    """32 random bytes, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)

"""Template context shared by every page: the language switch and the signed-in role."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from core.worker_languages import language_choices


def portal(request: HttpRequest) -> dict[str, Any]:
    current = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "current_language": current,
        "other_languages": language_choices(request, current),
        "request_id": getattr(request, "request_id", ""),
    }

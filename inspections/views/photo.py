"""A finding's photo as a response: the stored bytes, only when they are still the photo that
was checked on upload (its fingerprint) and of an image type the check let in, served with the
type found then (never guessed by the browser: nosniff) and kept out of shared caches. Both
audiences' views resolve the finding through their own scoped reads first."""

from __future__ import annotations

import hashlib
import logging

from django.http import Http404, HttpResponse

from inspections.models import Finding
from inspections.photos import IMAGE_TYPES, photo_read

logger = logging.getLogger(__name__)


def photo_response(finding: Finding) -> HttpResponse:
    if not finding.photo_path or finding.photo_type not in IMAGE_TYPES:
        raise Http404
    try:
        content = photo_read(finding.photo_path)
    except (OSError, ValueError):
        logger.exception("finding %s: stored photo cannot be read", finding.pk)
        raise Http404 from None
    if hashlib.sha256(content).hexdigest() != finding.photo_sha256:
        logger.error("finding %s: stored photo does not match its fingerprint", finding.pk)
        raise Http404
    extension = finding.photo_path.rsplit(".", 1)[-1]
    response = HttpResponse(content, content_type=finding.photo_type)
    response["Content-Disposition"] = f'inline; filename="finding-{finding.pk}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

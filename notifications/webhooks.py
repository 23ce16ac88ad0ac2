"""Endpoints the SMS provider calls: delivery receipts and replies. Signed, fast, idempotent.

Each request is checked against X-Twilio-Signature over the URL exactly as the provider called
it (SMS_STATUS_CALLBACK_BASE_URL + path), so a proxy in front does not break the check. An
invalid signature answers 403 and changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.request_validator import RequestValidator

from notifications.services import sms_apply_receipt, sms_inbound_keyword

# Other apps that act on replies register a handler here from their AppConfig.ready()
# (sanad: a NO / لا reply withdraws a consent). Called with from_number= and body=.
INBOUND_HANDLERS: list[Callable[..., object]] = []


def _signed(request: HttpRequest) -> bool:
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature:
        return False
    base = settings.SMS_STATUS_CALLBACK_BASE_URL.rstrip("/")
    url = f"{base}{request.get_full_path()}" if base else request.build_absolute_uri()
    params = {key: request.POST.get(key, "") for key in request.POST}
    return bool(RequestValidator(settings.TWILIO_AUTH_TOKEN).validate(url, params, signature))


@csrf_exempt
@require_POST
def status_callback_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    if not _signed(request):
        return HttpResponse(status=403)
    sms_apply_receipt(
        public_id=public_id,
        provider_sid=request.POST.get("MessageSid", ""),
        provider_status=request.POST.get("MessageStatus", "").lower(),
        error_code=request.POST.get("ErrorCode", ""),
    )
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def inbound_view(request: HttpRequest) -> HttpResponse:
    """A reply to one of our messages: STOP / START keywords change alert preferences."""
    if not _signed(request):
        return HttpResponse(status=403)
    sms_inbound_keyword(from_number=request.POST.get("From", ""), body=request.POST.get("Body", ""))
    for handler in INBOUND_HANDLERS:
        handler(from_number=request.POST.get("From", ""), body=request.POST.get("Body", ""))
    return HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?><Response></Response>', content_type="text/xml"
    )

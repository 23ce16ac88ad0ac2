"""The endpoint the gateway calls when a checkout is paid. Signed, fast, idempotent.

The body's signature (`thawani-signature`, HMAC-SHA256 of `body-timestamp` with the webhook
secret; payments.gateway.signature) is checked before anything is parsed: a bad or missing
signature, or a stale timestamp, answers 403 and writes nothing. A repeated or out-of-order
event changes nothing (payments.services.checkout.gateway_event_apply).
"""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from payments.gateway.signature import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify
from payments.models import Payment
from payments.services import gateway_event_apply

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def gateway_callback_view(request: HttpRequest) -> HttpResponse:
    body = request.body
    if not verify(
        secret=settings.PAYMENT_WEBHOOK_SECRET,
        body=body,
        timestamp=request.headers.get(TIMESTAMP_HEADER, ""),
        signature=request.headers.get(SIGNATURE_HEADER, ""),
    ):
        return HttpResponse(status=403)
    try:
        event = json.loads(body)
        data = event["data"]
        if not isinstance(data, dict):
            raise TypeError("data is not an object")
    except (ValueError, KeyError, TypeError):
        logger.warning("gateway callback: a signed body we cannot read")
        return HttpResponse(status=400)
    gateway_event_apply(event=data, source=Payment.Source.CALLBACK)
    return HttpResponse(status=204)

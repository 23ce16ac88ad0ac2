"""Paying through the gateway: start a hosted checkout for one or several invoices, and record
the payment once, from the gateway's confirmation only (a signed callback, the session status
fetched from the gateway, or the settlement file), never from the browser's return.

Idempotency: a checkout session carries our `client_reference`, sent on every create; a retry
after a timeout sends the same one and the gateway answers with the session it made, so the
payer is never charged twice. A confirmation locks the session row: of many simultaneous
confirmations one records the payment and the others find it PAID (the unique gateway payment
reference is the last guard).
"""

from __future__ import annotations

import datetime
import functools
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.exceptions import PermissionDeniedError
from core.models import AuditEvent
from core.prepared import prepared_cursor
from core.request_context import ip_address_var, on_behalf_of_id_var, request_id_var
from core.services import audit_record
from core.workflow import TransitionNotAllowed, advance, may_move, transitions_of
from employers.models import Establishment
from notifications.phone import InvalidPhoneNumberError
from notifications.services import SmsTemplateError, sms_enqueue
from payments.access import can_pay
from payments.gateway import get_gateway
from payments.gateway.base import (
    GatewayAmbiguousError,
    GatewayError,
    GatewayRejectedError,
    GatewayRetryableError,
    GatewaySession,
    SessionLine,
)
from payments.models import (
    CURRENCY,
    CheckoutSession,
    FeeType,
    FinanceCase,
    Invoice,
    Payment,
    Refund,
)
from payments.services.invoices import PaymentError, check_currency, new_token, number_from
from permits.models import Permit, PermitDataChange
from permits.services import permit_data_change_apply_paid, permit_issue_paid

if TYPE_CHECKING:
    from django.contrib.auth.models import _User as User

logger = logging.getLogger(__name__)

# Stands for the session's reference in the return addresses a view passes to checkout_start.
REFERENCE = "SESSION-REFERENCE"

# Tries of one gateway call (the same reference each time) before telling the payer to retry.
CREATE_ATTEMPTS = 3


def checkout_start(
    *,
    establishment: Establishment,
    invoice_ids: Sequence[int],
    user: User,
    success_url: str,
    cancel_url: str,
    currency: str = CURRENCY,
) -> tuple[CheckoutSession, str]:
    """Start (or resume) the hosted checkout of the establishment's open invoices `invoice_ids`;
    returns the session and the gateway page to send the payer to. REFERENCE in the return
    addresses is replaced by the session's reference.

    Raises PermissionDeniedError for someone who may not pay for the establishment,
    PaymentError for no invoice, an invoice that is not open (paid, cancelled...), another
    currency than OMR, or a gateway that does not answer (nothing was charged)."""
    if not can_pay(user, establishment):
        raise PermissionDeniedError(_("You may not pay fees for this establishment."))
    check_currency(currency)
    ids = sorted({int(i) for i in invoice_ids})
    if not ids:
        raise PaymentError(_("Select at least one invoice to pay."))
    with transaction.atomic():
        invoices = list(
            Invoice.objects.select_for_update()
            .filter(establishment=establishment, pk__in=ids)
            .order_by("pk")
        )
        if len(invoices) != len(ids):
            raise PaymentError(_("Select invoices of this establishment."))
        for invoice in invoices:
            if not invoice.is_payable:
                raise PaymentError(
                    _("Invoice %(number)s is %(status)s: it cannot be paid.")
                    % {"number": invoice.number, "status": invoice.get_status_display()}
                )
        session = _session_for(establishment=establishment, invoices=invoices, user=user)
    gateway_session = _create_at_gateway(
        session=session,
        invoices=invoices,
        success_url=success_url.replace(REFERENCE, session.client_reference),
        cancel_url=cancel_url.replace(REFERENCE, session.client_reference),
    )
    if session.gateway_session_id != gateway_session.session_id:
        CheckoutSession.objects.filter(pk=session.pk).update(
            gateway_session_id=gateway_session.session_id, updated_at=timezone.now()
        )
        session.gateway_session_id = gateway_session.session_id
    return session, get_gateway().pay_url(session_id=gateway_session.session_id)


def _session_for(
    *, establishment: Establishment, invoices: list[Invoice], user: User
) -> CheckoutSession:
    """The waiting session for exactly these invoices (a second click, a retry), or a new one."""
    ids = [invoice.pk for invoice in invoices]
    for candidate in CheckoutSession.objects.filter(
        establishment=establishment,
        status=CheckoutSession.Status.CREATED,
        invoices__pk=ids[0],
    ).prefetch_related("invoices"):
        if sorted(i.pk for i in candidate.invoices.all()) == ids:
            return candidate
    session = CheckoutSession.objects.create(
        client_reference=f"CHK{new_token()[:30]}",
        establishment=establishment,
        created_by=user,
        amount_baisas=sum(invoice.amount_baisas for invoice in invoices),
    )
    session.invoices.set(invoices)
    audit_record(
        actor=user,
        action="payments.checkout_started",
        obj=session,
        after={"invoices": [i.number for i in invoices], "amount_baisas": session.amount_baisas},
    )
    return session


def _create_at_gateway(
    *,
    session: CheckoutSession,
    invoices: list[Invoice],
    success_url: str,
    cancel_url: str,
) -> GatewaySession:
    gateway = get_gateway()
    lines = [
        SessionLine(name=invoice.number, unit_amount_baisas=invoice.amount_baisas)
        for invoice in invoices
    ]
    last: GatewayError | None = None
    for _attempt in range(CREATE_ATTEMPTS):
        try:
            if session.gateway_session_id or isinstance(last, GatewayAmbiguousError):
                # the gateway may already hold it: ask by our reference first
                found = gateway.fetch_by_reference(client_reference=session.client_reference)
                if found is not None:
                    return found
            return gateway.create_session(
                client_reference=session.client_reference,
                lines=lines,
                success_url=success_url,
                cancel_url=cancel_url,
                metadata={"establishment": str(session.establishment_id)},
            )
        except GatewayRejectedError as error:
            logger.warning("gateway refused session %s: %s", session.client_reference, error)
            raise PaymentError(
                _("The payment service refused this payment. Nothing was charged.")
            ) from error
        except (GatewayRetryableError, GatewayAmbiguousError) as error:
            last = error
    logger.warning("gateway unavailable for %s: %s", session.client_reference, last)
    raise PaymentError(
        _("The payment service is not answering. Nothing was charged: try again in a few minutes.")
    )


# --- confirmation ----------------------------------------------------------------------------


def payment_confirm(
    *,
    client_reference: str,
    gateway_payment_id: str,
    amount_baisas: int,
    currency: str,
    source: str,
    gateway_session_id: str = "",
) -> Payment | None:
    """Record the payment the gateway confirmed for the session `client_reference`, once.

    A session already PAID returns its payment and changes nothing (a repeated or late
    confirmation). A confirmation whose amount or currency differs from the session's records
    nothing and opens a finance case. The session's open invoices become PAID; a permit waiting
    for its fee is issued; the payer gets an SMS with the receipt link.
    Returns the payment, or None (mismatch, unknown session).

    The common case (a waiting session, the amount it expects, in OMR) is claimed by one locking
    UPDATE of the session row; everything else takes the checking path under the row lock. Of
    many simultaneous confirmations the first claim holds the lock; the others, once it
    commits, no longer match the claim and find the session PAID."""
    well_formed = (
        currency == CURRENCY
        and bool(gateway_payment_id)
        and isinstance(amount_baisas, int)
        and not isinstance(amount_baisas, bool)
    )
    claim_it = functools.partial(
        _claim,
        client_reference=client_reference,
        gateway_payment_id=gateway_payment_id,
        amount_baisas=amount_baisas,
        currency=currency,
        source=source,
        gateway_session_id=gateway_session_id,
    )
    with transaction.atomic():
        claim = claim_it() if well_formed else None
        if claim is None:
            session = (
                CheckoutSession.objects.select_for_update()
                .filter(client_reference=client_reference)
                .first()
            )
            if session is None:
                return None
            if session.status == CheckoutSession.Status.PAID:
                return Payment.objects.filter(session=session).first()
            if not well_formed or amount_baisas != session.amount_baisas:
                _case(
                    kind=FinanceCase.Kind.AMOUNT_MISMATCH,
                    reference=gateway_payment_id or client_reference,
                    amount_baisas=amount_baisas if isinstance(amount_baisas, int) else 0,
                    details={
                        "client_reference": client_reference,
                        "expected_baisas": session.amount_baisas,
                        "confirmed_baisas": amount_baisas,
                        "currency": currency,
                        "source": source,
                    },
                )
                return None
            advance(session, CheckoutSession.Status.PAID)  # refuses a state that may not move
            # the session is locked, expects this amount and may move: the claim matches it
            claim = claim_it()
            assert claim is not None  # nosec B101
        return _record(claim=claim, client_reference=client_reference, source=source)


@dataclass(frozen=True)
class _Claim:
    """What one confirming statement did: the session it moved to PAID, the payment it wrote
    and the session's invoices it marked PAID (id, number, permit id, fee type, data change id)."""

    session_id: int
    payment: Payment
    payer_mobile: str
    invoice_count: int
    paid: list[tuple[int, str, int | None, str, int | None]]


def _claim(
    *,
    client_reference: str,
    gateway_payment_id: str,
    amount_baisas: int,
    currency: str,
    source: str,
    gateway_session_id: str,
) -> _Claim | None:
    """Claim the session `client_reference` and record its payment, in one statement: the
    session moves to PAID if it is in a state that may move there (the kernel's transition
    table) and expects `amount_baisas` (the UPDATE locks its row); the payment is written with a
    receipt number from the shared sequence; the session's OPEN invoices become PAID by it
    (locked in id order); the audit event `payments.paid` is written, with the columns and the
    request context core.services.audit_record gives a system actor's event.
    Returns None, having written nothing, when no session matched."""
    now = timezone.now()
    token = new_token()
    statement, constants = _claim_statement()
    with prepared_cursor() as sql:
        sql.execute(
            statement,
            {
                **constants,
                "now": now,
                "gateway_session": gateway_session_id,
                "reference": client_reference,
                "amount": amount_baisas,
                "payment_ref": gateway_payment_id,
                "currency": currency,
                "source": source,
                "receipt_prefix": number_from("RCT", 0)[:-9],
                "token": token,
                # the audit event (core.services.audit_record's columns; a system actor)
                "on_behalf_of": on_behalf_of_id_var.get(),
                "request_id": request_id_var.get(),
                "ip_address": ip_address_var.get(),
            },
        )
        row = sql.fetchone()
    if row is None:
        return None
    session_id, establishment_id, payer_id, mobile, lines, payment_id, receipt, paid = row
    if isinstance(paid, str):
        paid = json.loads(paid)
    payment = Payment(
        id=payment_id,
        created_at=now,
        updated_at=now,
        gateway_reference=gateway_payment_id,
        session_id=session_id,
        establishment_id=establishment_id,
        payer_id=payer_id,
        amount_baisas=amount_baisas,
        currency=currency,
        source=source,
        received_at=now,
        receipt_number=receipt,
        receipt_token=token,
    )
    payment._state.adding = False
    payment._state.db = "default"
    return _Claim(
        session_id=session_id,
        payment=payment,
        payer_mobile=str(mobile or ""),
        invoice_count=lines,
        paid=[(pk, number, permit, fee, change) for pk, number, permit, fee, change in paid],
    )


@functools.cache
def _claim_statement() -> tuple[str, dict[str, object]]:
    """The claim's statement (table names from the models) and its parameters that do not change
    (the states from the kernel's transition table); built once per process."""
    sessions = CheckoutSession._meta.db_table
    links = CheckoutSession.invoices.through._meta.db_table
    users = CheckoutSession._meta.get_field("created_by").related_model._meta.db_table
    payments = Payment._meta.db_table
    invoices = Invoice._meta.db_table
    events = AuditEvent._meta.db_table
    paid_session = CheckoutSession.Status.PAID
    sources = sorted(
        str(state)
        for state, targets in transitions_of(CheckoutSession).items()
        if paid_session in targets
    )
    opened, paid_invoice = Invoice.Status.OPEN, Invoice.Status.PAID
    if not may_move(Invoice, opened, paid_invoice):  # pragma: no cover - the table says so
        raise TransitionNotAllowed(Invoice, opened, paid_invoice)
    constants: dict[str, object] = {
        "paid_session": str(paid_session),
        "sources": sources,
        "paid_invoice": str(paid_invoice),
        "open": str(opened),
        "object_type": Payment._meta.label_lower,
    }
    statement = f"""
            WITH claim AS (
                UPDATE {sessions} AS s SET status = %(paid_session)s, updated_at = %(now)s,
                    gateway_session_id = CASE WHEN s.gateway_session_id = ''
                                              THEN %(gateway_session)s::text
                                              ELSE s.gateway_session_id END
                WHERE s.client_reference = %(reference)s AND s.amount_baisas = %(amount)s
                  AND s.status = ANY(%(sources)s::text[])
                RETURNING s.id, s.establishment_id, s.created_by_id,
                    (SELECT u.mobile FROM {users} u WHERE u.id = s.created_by_id) AS mobile,
                    (SELECT count(*) FROM {links} l WHERE l.checkoutsession_id = s.id) AS lines,
                    nextval('payments_number_seq') AS seq
            ), payment AS (
                INSERT INTO {payments} (created_at, updated_at, gateway_reference, session_id,
                    establishment_id, payer_id, amount_baisas, currency, source, received_at,
                    receipt_number, receipt_token)
                SELECT %(now)s, %(now)s, %(payment_ref)s::text, c.id, c.establishment_id,
                    c.created_by_id, %(amount)s, %(currency)s::text, %(source)s::text, %(now)s,
                    %(receipt_prefix)s::text || CASE WHEN c.seq < 1000000000
                                                     THEN lpad(c.seq::text, 9, '0')
                                                     ELSE c.seq::text END,
                    %(token)s::text
                FROM claim c
                RETURNING id, receipt_number
            ), paid AS (
                UPDATE {invoices} AS v SET status = %(paid_invoice)s, payment_id = p.id,
                    paid_at = %(now)s, updated_at = %(now)s
                FROM payment p
                WHERE v.id IN (
                    SELECT i.id FROM {invoices} i
                    JOIN {links} l ON l.invoice_id = i.id
                    WHERE l.checkoutsession_id = (SELECT id FROM claim)
                      AND i.status = %(open)s
                    ORDER BY i.id FOR UPDATE OF i)
                  AND v.status = %(open)s
                RETURNING v.id, v.number, v.permit_id, v.fee_type, v.data_change_id
            ), audit AS (
                INSERT INTO {events} (occurred_at, actor_id, actor_label, on_behalf_of_id,
                    subject_id, action, object_type, object_id, object_repr, before, after,
                    request_id, ip_address)
                SELECT %(now)s, NULL, 'gateway', %(on_behalf_of)s::bigint, NULL, 'payments.paid',
                    %(object_type)s::text, p.id::text, p.receipt_number, NULL,
                    jsonb_build_object(
                        'session', %(reference)s::text,
                        'invoices', (SELECT coalesce(jsonb_agg(d.number ORDER BY d.id), '[]')
                                     FROM paid d),
                        'amount_baisas', %(amount)s::bigint,
                        'source', %(source)s::text),
                    %(request_id)s::text, %(ip_address)s::inet
                FROM payment p
            )
            SELECT c.id, c.establishment_id, c.created_by_id, c.mobile, c.lines, p.id,
                p.receipt_number,
                (SELECT coalesce(json_agg(json_build_array(d.id, d.number, d.permit_id,
                                                           d.fee_type, d.data_change_id)
                                          ORDER BY d.id), '[]')
                 FROM paid d)
            FROM claim c CROSS JOIN payment p
            """  # noqa: S608  # nosec B608 - identifiers from the models, values bound
    return statement, constants


def _record(*, claim: _Claim, client_reference: str, source: str) -> Payment:
    """After the claim: a finance case for each of the session's invoices that was no longer
    open, permits waiting for their fee issued, the receipt SMS queued (all in the caller's
    transaction)."""
    payment = claim.payment
    if len(claim.paid) < claim.invoice_count:
        for invoice in Invoice.objects.filter(checkout_sessions=claim.session_id).exclude(
            pk__in=[pk for pk, *_rest in claim.paid]
        ):
            _case(
                kind=FinanceCase.Kind.PAID_NOT_PAYABLE,
                reference=f"{payment.gateway_reference}:{invoice.number}",
                amount_baisas=invoice.amount_baisas,
                details={"invoice": invoice.number, "status": invoice.status},
            )
    for _pk, _number, permit_id, fee_type, change_id in claim.paid:
        if permit_id and fee_type in Invoice.PERMIT_FEES:
            permit = Permit.objects.get(pk=permit_id)
            if permit.status == Permit.Status.APPROVED:
                # a check failing since approval holds it: the payer is told with the employer
                permit_issue_paid(permit=permit, payer_id=payment.payer_id)
        elif fee_type == FeeType.DATA_CHANGE and change_id is not None:
            # the change's id came back with the claim: no second look at the invoice
            # a check failing since the change was asked for holds it: the payer is told too
            permit_data_change_apply_paid(change_id=change_id, payer_id=payment.payer_id)
    if claim.payer_mobile:
        _tell_payer(payment)
    return payment


def _case(*, kind: str, reference: str, amount_baisas: int, details: dict[str, object]) -> None:
    FinanceCase.objects.get_or_create(
        kind=kind,
        reference=reference[:80],
        defaults={"amount_baisas": amount_baisas, "details": details},
    )


def _tell_payer(payment: Payment) -> None:
    """The receipt link by SMS to the person who paid (in the outbox of this transaction)."""
    from django.urls import reverse

    if payment.payer_id is None:
        return
    payer = payment.payer
    if payer is None or not payer.mobile:
        return
    with translation.override(payer.preferred_language or "ar"):
        path = reverse("payments:receipt-check", args=[payment.receipt_token])
    link = f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"
    try:
        sms_enqueue(
            template_code="payment_receipt",
            context={
                "receipt_number": payment.receipt_number,
                "amount": payment.amount_rials,
                "link": link,
            },
            idempotency_key=f"payment-receipt:{payment.pk}",
            recipient=payer,
        )
    except (InvalidPhoneNumberError, SmsTemplateError):
        logger.warning("receipt %s: no SMS sent", payment.receipt_number)


# --- the gateway's word -------------------------------------------------------------------------


def gateway_event_apply(*, event: dict[str, object], source: str) -> Payment | None:
    """Apply one event the gateway sent or answered (a callback body's `data`, or a fetched
    session): a `paid` status records the payment once; `cancelled` or `failed` moves a waiting
    session; anything else (and any event for a session already paid) changes nothing."""
    reference = str(event.get("client_reference_id") or "")
    status = str(event.get("payment_status") or "")
    if status == "paid":
        amount = event.get("total_amount")
        return payment_confirm(
            client_reference=reference,
            gateway_payment_id=str(event.get("invoice") or ""),
            amount_baisas=amount if isinstance(amount, int) else -1,
            currency=str(event.get("currency") or ""),
            source=source,
            gateway_session_id=str(event.get("session_id") or ""),
        )
    target = {
        "cancelled": CheckoutSession.Status.CANCELLED,
        "failed": CheckoutSession.Status.FAILED,
    }.get(status)
    if target is not None:
        with transaction.atomic():
            session = (
                CheckoutSession.objects.select_for_update()
                .filter(client_reference=reference, status=CheckoutSession.Status.CREATED)
                .first()
            )
            if session is not None:
                advance(session, target)
                session.save(update_fields=["status", "updated_at"])
                audit_record(
                    actor=None,
                    actor_label="gateway",
                    action=f"payments.checkout_{target}",
                    obj=session,
                )
    return None


def session_refresh(*, session: CheckoutSession) -> CheckoutSession:
    """Ask the gateway for the session's status and apply it (the payer's return page and the
    sweep of sessions whose callback never came). Gateway errors leave it as it is."""
    if session.status == CheckoutSession.Status.PAID:
        return session
    gateway = get_gateway()
    try:
        if session.gateway_session_id:
            found: GatewaySession | None = gateway.fetch_session(
                session_id=session.gateway_session_id
            )
        else:
            found = gateway.fetch_by_reference(client_reference=session.client_reference)
    except GatewayError as error:
        logger.info("status of %s unknown for now: %s", session.client_reference, error)
        return session
    if found is not None and found.client_reference == session.client_reference:
        gateway_event_apply(
            event={
                "client_reference_id": found.client_reference,
                "payment_status": found.payment_status,
                "total_amount": found.amount_baisas,
                "currency": found.currency,
                "invoice": found.payment_id,
                "session_id": found.session_id,
            },
            source=Payment.Source.STATUS,
        )
    session.refresh_from_db()
    return session


def sessions_refresh_waiting(*, older_than_minutes: int = 10, limit: int = 500) -> int:
    """Poll the gateway for sessions still waiting after `older_than_minutes` (a lost
    callback); returns how many became PAID."""
    cutoff = timezone.now() - datetime.timedelta(minutes=older_than_minutes)
    waiting = CheckoutSession.objects.filter(
        status=CheckoutSession.Status.CREATED, created_at__lt=cutoff
    ).order_by("created_at")[:limit]
    paid = 0
    for session in waiting:
        if session_refresh(session=session).status == CheckoutSession.Status.PAID:
            paid += 1
    return paid


def paid_permits_issue_sweep(*, limit: int = 500) -> int:
    """Nightly: ask again to issue each APPROVED permit whose fee invoice is paid (one held
    because a permit check failed when it was paid: permits.services.permit_issue_paid issues it
    once the checks pass, and leaves it held, unchanged and untold twice, while they fail),
    except one whose cancellation with a refund is proposed; and to apply each paid data change
    held the same way (permit_data_change_apply_paid). Returns the number of permits issued."""
    # a held permit whose cancellation with a refund is proposed waits for that decision
    cancelling = Refund.objects.filter(
        invoice__permit=OuterRef("pk"),
        reason=Refund.Reason.CANCELLED_BEFORE_USE,
        status__in=Refund.PENDING,
    )
    waiting = (
        Permit.objects.filter(
            status=Permit.Status.APPROVED,
            invoices__status=Invoice.Status.PAID,
            invoices__fee_type__in=Invoice.PERMIT_FEES,
        )
        .exclude(Exists(cancelling))
        .distinct()
        .order_by("pk")[:limit]
    )
    issued = 0
    for permit in waiting:
        if permit_issue_paid(permit=permit).status != Permit.Status.APPROVED:
            issued += 1
    # paid data changes held by a failing check: applied once the checks pass (not counted)
    held_changes = PermitDataChange.objects.filter(
        status=PermitDataChange.Status.AWAITING_PAYMENT,
        apply_held_at__isnull=False,
        invoice__status=Invoice.Status.PAID,
    ).values_list("pk", flat=True)[:limit]
    for change_id in list(held_changes):
        permit_data_change_apply_paid(change_id=change_id)
    return issued

"""Scenario helpers of the payment tests (and the tenancy and staff sweeps)."""

from __future__ import annotations

import datetime
import json
import threading
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.test import Client
from django.utils import timezone

from employers.models import Establishment
from payments.models import FeeType, FlatFee, Invoice, PaymentRuleSet
from payments.services import Line, invoice_raise

CALLBACK_PATH = "/payments/gateway/callback/"


@dataclass
class Collected:
    """Callbacks the stub gateway would have posted, for the test to deliver."""

    items: list[tuple[bytes, dict[str, str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, body: bytes, headers: dict[str, str]) -> None:
        with self.lock:
            self.items.append((body, headers))

    def take(self) -> list[tuple[bytes, dict[str, str]]]:
        with self.lock:
            taken, self.items = self.items, []
        return taken


def deliver(client: Client, gateway: Any) -> list[int]:
    """Post every waiting callback to the portal as the gateway would; the status codes."""
    codes = []
    for body, headers in gateway.collected.take():
        response = client.post(
            CALLBACK_PATH,
            data=body,
            content_type="application/json",
            headers={k: v for k, v in headers.items() if k != "Content-Type"},
        )
        codes.append(response.status_code)
    return codes


def control(gateway: Any, **config: Any) -> None:
    request = urllib.request.Request(  # noqa: S310 - loopback
        f"{gateway.url}/_control", data=json.dumps(config).encode(), method="POST"
    )
    urllib.request.urlopen(request, timeout=5).close()  # noqa: S310


def stub_get(gateway: Any, path: str) -> Any:
    with urllib.request.urlopen(f"{gateway.url}{path}", timeout=5) as response:  # noqa: S310
        return json.loads(response.read())


def pay_at_gateway(pay_url: str, action: str = "pay") -> None:
    """The payer presses a button on the gateway's hosted page (no redirect followed)."""
    base, _sep, _query = pay_url.partition("?")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(f"{base}/{action}", data=b"", method="POST")  # noqa: S310
    try:
        opener.open(request, timeout=5).close()
    except urllib.error.HTTPError as error:  # the 303 back to the portal, not followed
        if error.code != 303:
            raise


def rules(
    *,
    mode: str = PaymentRuleSet.IssueMode.AFTER_PAYMENT,
    grace_days: int = 0,
    payment_days: int = 30,
    fine: int = 10_000,
    refund_threshold: int = 100_000,
    start: datetime.date | None = None,
) -> PaymentRuleSet:
    """A published payment rule set in force from `start` (a year ago), as MD 602/2025."""
    version = (PaymentRuleSet.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    rule_set = PaymentRuleSet.objects.create(
        name="MD 602/2025",
        name_ar="القرار الوزاري 602/2025",
        effective_from=start or timezone.localdate() - datetime.timedelta(days=365),
        status=PaymentRuleSet.Status.PUBLISHED,
        version=version,
        issue_mode=mode,
        grace_days=grace_days,
        payment_days=payment_days,
        late_fine_baisas=fine,
        refund_second_approval_above_baisas=refund_threshold,
    )
    FlatFee.objects.create(rule_set=rule_set, fee_type=FeeType.DATA_CHANGE, amount_baisas=5_000)
    return rule_set


def invoice_for(
    establishment: Establishment,
    amount: int = 5_000,
    *,
    rule_set: PaymentRuleSet | None = None,
    issued_on: datetime.date | None = None,
    fee_type: str = FeeType.DATA_CHANGE,
    description: str = "Data change",
) -> Invoice:
    return invoice_raise(
        fee_type=fee_type,
        lines=[
            Line(description_en=description, description_ar="تعديل بيانات", amount_baisas=amount)
        ],
        rule_set=rule_set or PaymentRuleSet.objects.order_by("-effective_from").first(),
        issued_on=issued_on or timezone.localdate(),
        establishment=establishment,
        nationality="IND",
    )


def rials(amount: str) -> Decimal:
    return Decimal(amount)


# --- the fitness sweeps (tests/test_tenancy.py, tests/test_staff_access.py) --------------------


def foreign_calls() -> dict[str, list[Callable[[Any], dict[str, Any]]]]:
    """Every payments employer URL, called with another establishment's ids (must be 404)."""

    def own_invoice(world: Any) -> Invoice:
        return _cached(world, "_own_invoice", lambda: invoice_for(world.own))

    def other_invoice(world: Any) -> Invoice:
        return _cached(
            world,
            "_other_invoice",
            lambda: invoice_for(world.other, description="CANARY-OTHER-INVOICE"),
        )

    def other_payment(world: Any) -> Any:
        return _cached(world, "_other_payment", lambda: _paid(other_invoice(world)))

    def own_payment(world: Any) -> Any:
        return _cached(world, "_own_payment", lambda: _paid(own_invoice(world)))

    return {
        "payments:employer-invoices": [lambda w: {"establishment_id": w.other.pk}],
        "payments:employer-invoice": [
            lambda w: {"establishment_id": w.other.pk, "invoice_id": other_invoice(w).pk},
            lambda w: {"establishment_id": w.own.pk, "invoice_id": other_invoice(w).pk},
            lambda w: {"establishment_id": w.other.pk, "invoice_id": own_invoice(w).pk},
        ],
        "payments:employer-pay": [lambda w: {"establishment_id": w.other.pk}],
        "payments:employer-payment-return": [
            lambda w: {"establishment_id": w.other.pk, "reference": "CHK-none"},
            lambda w: {"establishment_id": w.own.pk, "reference": _session_of(other_payment(w))},
        ],
        "payments:employer-receipt": [
            lambda w: {"establishment_id": w.other.pk, "payment_id": other_payment(w).pk},
            lambda w: {"establishment_id": w.own.pk, "payment_id": other_payment(w).pk},
            lambda w: {"establishment_id": w.other.pk, "payment_id": own_payment(w).pk},
        ],
    }


def own_kwargs(world: Any, url_name: str) -> dict[str, Any]:
    """Kwargs that reach the world's own payment objects (the own-establishment check)."""
    own = foreign_calls()[url_name][0](world)
    kwargs: dict[str, Any] = {"establishment_id": world.own.pk}
    if "invoice_id" in own:
        kwargs["invoice_id"] = _cached(world, "_own_invoice", lambda: invoice_for(world.own)).pk
    if "payment_id" in own:
        invoice = _cached(world, "_own_invoice", lambda: invoice_for(world.own))
        kwargs["payment_id"] = _cached(world, "_own_payment", lambda: _paid(invoice)).pk
    if "reference" in own:
        invoice = _cached(world, "_own_invoice", lambda: invoice_for(world.own))
        kwargs["reference"] = _session_of(_cached(world, "_own_payment", lambda: _paid(invoice)))
    return kwargs


POST_ONLY = {"payments:employer-pay"}


def _cached(world: Any, key: str, make: Callable[[], Any]) -> Any:
    if not hasattr(world, key):
        setattr(world, key, make())
    return getattr(world, key)


def _paid(invoice: Invoice) -> Any:
    """Pay `invoice` as a confirmed gateway payment (no gateway needed)."""
    from payments.models import CheckoutSession
    from payments.services import payment_confirm
    from tests.factories import UserFactory

    session = CheckoutSession.objects.create(
        client_reference=f"CHK-{invoice.number}",
        establishment=invoice.establishment,
        created_by=UserFactory.create(),
        amount_baisas=invoice.amount_baisas,
    )
    session.invoices.set([invoice])
    payment = payment_confirm(
        client_reference=session.client_reference,
        gateway_payment_id=f"pay-{invoice.number}",
        amount_baisas=invoice.amount_baisas,
        currency="OMR",
        source="callback",
    )
    assert payment is not None
    return payment


def _session_of(payment: Any) -> str:
    return str(payment.session.client_reference)


# Staff pages: URL name -> roles that may open them.
STAFF_PAGES: dict[str, set[str]] = {
    "payments:staff-revenue": {"officer", "approver", "policy", "analyst"},
    "payments:staff-revenue-export-csv": {"officer", "approver", "policy", "analyst"},
    "payments:staff-revenue-export-xlsx": {"officer", "approver", "policy", "analyst"},
    "payments:staff-invoices": {"officer", "approver"},
    "payments:staff-invoice": {"officer", "approver"},
    "payments:staff-refund-request": {"officer", "approver"},
    "payments:staff-held-permit-cancel": {"officer", "approver"},
    "payments:staff-invoice-write-off": {"officer", "approver"},
    "payments:staff-refunds": {"officer", "approver"},
    "payments:staff-refund-decide": {"approver"},
    "payments:staff-reconciliation": {"officer", "approver"},
    "payments:staff-reconcile": {"officer", "approver"},
    "payments:staff-case-close": {"officer", "approver"},
    "payments:staff-counter-settlement": {"officer", "approver"},
    "payments:staff-counter-remittance-import": {"officer", "approver"},
    "payments:staff-rule-sets": {"policy", "approver", "analyst", "officer"},
    "payments:staff-rule-set": {"policy", "approver", "analyst", "officer"},
    "payments:staff-rule-set-impact": {"policy", "approver", "analyst", "officer"},
    "payments:staff-rule-set-create": {"policy"},
    "payments:staff-rule-set-publish": {"policy"},
    "payments:staff-rule-set-publish-today-request": {"policy"},
    "payments:staff-rule-set-discard": {"policy"},
    "payments:staff-rule-set-line-delete": {"policy"},
}
STAFF_POST_ONLY = {
    "payments:staff-refund-request",
    "payments:staff-held-permit-cancel",
    "payments:staff-invoice-write-off",
    "payments:staff-refund-decide",
    "payments:staff-reconcile",
    "payments:staff-case-close",
    "payments:staff-rule-set-publish",
    "payments:staff-rule-set-publish-today-request",
    "payments:staff-rule-set-discard",
    "payments:staff-rule-set-line-delete",
}


def staff_url_kwargs(name: str) -> dict[str, Any]:
    """Kwargs for a payments staff URL (objects made on the fly)."""
    from tests.factories import EstablishmentFactory, UserFactory

    page = name.partition(":")[2]
    if page in {"staff-invoice", "staff-refund-request", "staff-invoice-write-off"}:
        return {"invoice_id": invoice_for(EstablishmentFactory.create()).pk}
    if page == "staff-held-permit-cancel":
        from tests.permits.staff_helpers import queued_case

        return {"permit_id": queued_case().pk}
    if page == "staff-refund-decide":
        from payments.models import Refund

        invoice = invoice_for(EstablishmentFactory.create())
        payment = _paid(invoice)
        refund = Refund.objects.create(
            reference=f"RF-{invoice.number}",
            invoice=invoice,
            payment=payment,
            amount_baisas=invoice.amount_baisas,
            reason=Refund.Reason.PAID_TWICE,
            explanation="Paid twice",
            requested_by=UserFactory.create(role="officer"),
            needs_second_approval=True,
        )
        return {"refund_id": refund.pk}
    if page == "staff-case-close":
        from payments.models import FinanceCase

        case = FinanceCase.objects.create(kind=FinanceCase.Kind.RECORDED_NOT_SETTLED, reference="x")
        return {"case_id": case.pk}
    if page.startswith("staff-rule-set-line"):
        draft = _draft()
        return {"rule_set_id": draft.pk, "line_id": draft.fees.get().pk}
    if page.startswith("staff-rule-set") and page not in {
        "staff-rule-sets",
        "staff-rule-set-create",
    }:
        return {"rule_set_id": _draft().pk}
    return {}


def _draft() -> PaymentRuleSet:
    draft = PaymentRuleSet.objects.create(name="Draft", effective_from=datetime.date(2030, 1, 1))
    FlatFee.objects.create(rule_set=draft, fee_type=FeeType.DATA_CHANGE, amount_baisas=5_000)
    return draft

"""Demo fees for `manage.py seed_demo`: the decree's payment rules (MD 602/2025: fees payable
after approval, RO 10 a month late), and invoices of the demo employer's first establishment
(one to pay, one overdue with its late fines, one paid with its receipt). Idempotent."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from employers.selectors import establishment_list_for_member
from payments.models import CheckoutSession, FeeType, FlatFee, Invoice, PaymentRuleSet
from payments.services import Line, invoice_raise, late_fine_sweep, payment_confirm

DECREE = "MD 602/2025"
MARK = "(demo)"


@transaction.atomic
def seed_payments(*, employer: User) -> int:
    """Returns how many invoices were raised (0 on a second run)."""
    today = timezone.localdate()
    rule_set = PaymentRuleSet.objects.filter(decree=DECREE).first()
    if rule_set is None:
        # demo data: the decree's set starts today; the set before it ends yesterday
        PaymentRuleSet.objects.filter(
            status=PaymentRuleSet.Status.PUBLISHED, effective_to__isnull=True
        ).update(effective_to=today - datetime.timedelta(days=1))
        version = (PaymentRuleSet.objects.aggregate(v=Max("version"))["v"] or 0) + 1
        rule_set = PaymentRuleSet.objects.create(
            name="Fees payable after approval (MD 602/2025)",
            name_ar="الرسوم مستحقة بعد الموافقة (القرار الوزاري 602/2025)",
            decree=DECREE,
            effective_from=today,
            status=PaymentRuleSet.Status.PUBLISHED,
            version=version,
            published_at=timezone.now(),
            issue_mode=PaymentRuleSet.IssueMode.AFTER_PAYMENT,
        )
        for fee_type, amount in (
            (FeeType.PERMIT_TRANSFER, 5_000),
            (FeeType.DATA_CHANGE, 5_000),
            (FeeType.SANAD_COUNTER, 1_000),
        ):
            FlatFee.objects.create(rule_set=rule_set, fee_type=fee_type, amount_baisas=amount)
    shop = establishment_list_for_member(user=employer).order_by("pk").first()
    if (
        shop is None
        or Invoice.objects.filter(establishment=shop, lines__description_en__endswith=MARK).exists()
    ):
        return 0

    def raise_one(amount: int, text_en: str, text_ar: str, days_ago: int) -> Invoice:
        return invoice_raise(
            fee_type=FeeType.DATA_CHANGE,
            lines=[Line(f"{text_en} {MARK}", text_ar, amount)],
            rule_set=rule_set,
            issued_on=today - datetime.timedelta(days=days_ago),
            establishment=shop,
            nationality="IND",
        )

    raise_one(5_000, "Change of a worker's occupation", "تعديل مهنة عامل", 2)
    raise_one(5_000, "Change of a worker's salary", "تعديل راتب عامل", 75)
    paid = raise_one(5_000, "Change of the establishment's address", "تعديل عنوان المنشأة", 5)
    session = CheckoutSession.objects.create(
        client_reference=f"CHK-demo-{paid.number}",
        establishment=shop,
        created_by=employer,
        amount_baisas=paid.amount_baisas,
    )
    session.invoices.set([paid])
    payment_confirm(
        client_reference=session.client_reference,
        gateway_payment_id=f"pay_demo_{paid.number}",
        amount_baisas=paid.amount_baisas,
        currency="OMR",
        source="callback",
    )
    return 3 + late_fine_sweep(on=today)

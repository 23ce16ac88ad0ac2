"""The number sequence of invoices and receipts, the receipt SMS, and the first payment rule
set: the rules in force before MD 602/2025 as the portal applied them (the permit issued at
approval, the fee due), so nothing changes until policy staff publish the decree's rules."""

import datetime

from django.db import migrations

TEMPLATE = {
    "code": "payment_receipt",
    "name": "Receipt of a payment of fees",
    "category": "service",
    "body_ar": "تم استلام {amount} ر.ع، الإيصال {receipt_number}. تحقق من الإيصال: {link}",
    "body_en": "Received RO {amount}, receipt {receipt_number}. Check the receipt: {link}",
    "placeholders": ["amount", "receipt_number", "link"],
    "sensitive_placeholders": [],
}


def create(apps, schema_editor):
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    SmsTemplate.objects.update_or_create(code=TEMPLATE["code"], defaults=TEMPLATE)
    PaymentRuleSet = apps.get_model("payments", "PaymentRuleSet")
    FlatFee = apps.get_model("payments", "FlatFee")
    if not PaymentRuleSet.objects.exists():
        first = PaymentRuleSet.objects.create(
            name="Fees due at issue (MD 12/2021)",
            name_ar="الرسوم مستحقة عند الإصدار (القرار الوزاري 12/2021)",
            decree="MD 12/2021",
            effective_from=datetime.date(2021, 1, 1),
            status="published",
            version=1,
            issue_mode="before_payment",
            payment_days=30,
            grace_days=0,
            late_fine_baisas=10_000,
            late_fine_max_months=24,
            refund_second_approval_above_baisas=100_000,
        )
        for fee_type, amount in (
            ("permit_transfer", 5_000),
            ("data_change", 5_000),
            ("sanad_counter", 1_000),
        ):
            FlatFee.objects.create(rule_set=first, fee_type=fee_type, amount_baisas=amount)


def remove(apps, schema_editor):
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    SmsTemplate.objects.filter(code=TEMPLATE["code"], messages__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS payments_number_seq",
            "DROP SEQUENCE IF EXISTS payments_number_seq",
        ),
        migrations.RunPython(create, remove),
    ]

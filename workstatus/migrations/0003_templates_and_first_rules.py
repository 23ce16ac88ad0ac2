"""The SMS templates of the worker status codes (policy staff edit them afterwards: data, not
code), and the first rule set, which loads the rules in force (the first set of a family may
start on any date: nothing was computed before it)."""

import datetime

from django.db import migrations

TEMPLATES = [
    {
        "code": "worker_status_red",
        "name": "Worker status code turned red",
        "category": "service",
        "body_ar": "رمز حالتك في بوابة خدمات العمل أحمر: لا تذهب إلى العمل. السبب: {reasons}. التفاصيل في البوابة.",
        "body_en": "Your Labour Services Portal status code is red: do not go to work. Reason: {reasons}. Details on the portal.",
        "placeholders": ["reasons"],
        "sensitive_placeholders": [],
    },
    {
        "code": "worker_status_digest",
        "name": "Daily digest of workers turned red",
        "category": "service",
        "body_ar": "تحول رمز حالة {count} من عمال المنشأة {establishment} إلى الأحمر أمس. القائمة في البوابة.",
        "body_en": "{count} workers of establishment {establishment} turned red yesterday. See the list on the portal.",
        "placeholders": ["count", "establishment"],
        "sensitive_placeholders": [],
    },
]


def create(apps, schema_editor):
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    for data in TEMPLATES:
        SmsTemplate.objects.update_or_create(code=data["code"], defaults=data)
    StatusRuleSet = apps.get_model("workstatus", "StatusRuleSet")
    if not StatusRuleSet.objects.exists():
        StatusRuleSet.objects.create(
            name="Worker status rules in force",
            name_ar="قواعد رمز حالة العامل السارية",
            status="published",
            version=1,
            effective_from=datetime.date(2020, 1, 1),
        )


def remove(apps, schema_editor):
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    SmsTemplate.objects.filter(
        code__in=[t["code"] for t in TEMPLATES], messages__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workstatus", "0002_partition_scan_log"),
        ("notifications", "0006_partition_ledger"),
    ]

    operations = [migrations.RunPython(create, remove)]

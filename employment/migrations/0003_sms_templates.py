"""The text messages of the employment lifecycle (policy staff edit them afterwards)."""

from django.db import migrations

TEMPLATES = [
    {
        "code": "termination_notice",
        "name": "Termination notice to the worker",
        "category": "legal",
        "body_ar": "أنهى {employer} عقد عملك، وآخر يوم عمل {last_day}. السبب: {reason}. يحق لك الاعتراض خلال {days} يومًا من استلام هذه الرسالة عبر بوابة خدمات العمل.",
        "body_en": "{employer} has ended your employment; your last working day is {last_day}. Reason: {reason}. You may object within {days} days of receiving this message in the Labor Services Portal.",
        "placeholders": ["employer", "last_day", "reason", "days"],
        "sensitive_placeholders": [],
    },
    {
        "code": "absconding_notice",
        "name": "Absconding report notice to the worker",
        "category": "legal",
        "body_ar": "أبلغ {employer} عن تغيبك عن العمل منذ {last_seen}. يحق لك الاعتراض خلال {days} يومًا من استلام هذه الرسالة عبر بوابة خدمات العمل.",
        "body_en": "{employer} has reported you absent from work since {last_seen}. You may object within {days} days of receiving this message in the Labor Services Portal.",
        "placeholders": ["employer", "last_seen", "days"],
        "sensitive_placeholders": [],
    },
    {
        "code": "case_decision",
        "name": "Decision on a termination or absconding case",
        "category": "legal",
        "body_ar": "صدر قرار بشأن {case}: {decision}.",
        "body_en": "A decision was made on {case}: {decision}.",
        "placeholders": ["case", "decision"],
        "sensitive_placeholders": [],
    },
    {
        "code": "violation_recorded",
        "name": "Labour violation recorded against an establishment",
        "category": "legal",
        "body_ar": "سُجلت مخالفة عمالية على {employer}: {violation}، والغرامة {fine} ر.ع. يمكنكم الرد عبر بوابة خدمات العمل.",
        "body_en": "A labour violation was recorded against {employer}: {violation}, fine RO {fine}. You may answer in the Labor Services Portal.",
        "placeholders": ["employer", "violation", "fine"],
        "sensitive_placeholders": [],
    },
]


def create(apps, schema_editor):
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    for data in TEMPLATES:
        SmsTemplate.objects.update_or_create(code=data["code"], defaults=data)


def remove(apps, schema_editor):
    apps.get_model("notifications", "SmsTemplate").objects.filter(
        code__in=[t["code"] for t in TEMPLATES], messages__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("employment", "0002_rules_of_rd_53_2023"),
        ("notifications", "0002_default_templates"),
    ]

    operations = [migrations.RunPython(create, remove)]

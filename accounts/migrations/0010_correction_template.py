"""The SMS that tells a person the outcome of their request to correct their data."""

from django.db import migrations

TEMPLATE = {
    "code": "correction_decided",
    "name": "Outcome of a request to correct personal data",
    "category": "service",
    "body_ar": "طلبك تصحيح {field} في بوابة خدمات العمل: {outcome}. {note}",
    "body_en": "Your request to correct {field} in the Labor Services Portal: {outcome}. {note}",
    "placeholders": ["field", "outcome", "note"],
    "sensitive_placeholders": [],
}


def create(apps, schema_editor):
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    SmsTemplate.objects.update_or_create(code=TEMPLATE["code"], defaults=TEMPLATE)


def remove(apps, schema_editor):
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    SmsTemplate.objects.filter(code=TEMPLATE["code"], messages__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0009_correction_requests"),
        ("notifications", "0003_security_template_changes"),
    ]

    operations = [migrations.RunPython(create, remove)]

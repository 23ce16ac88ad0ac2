"""Memberships made before per-service roles keep every service (they could use all of them),
and their status follows is_active. The text message that tells an establishment's
administrators of a change to its representatives."""

from django.db import migrations

SERVICES = [
    "permits",
    "workforce",
    "contracts",
    "vacancies",
    "omanization",
    "payments",
    "representatives",
]
TEMPLATES = [
    {
        "code": "representatives_changed",
        "name": "A change to an establishment's representatives, to its administrators",
        "category": "service",
        "body_ar": "{establishment}: {change}",
        "body_en": "{establishment}: {change}",
        "placeholders": ["establishment", "change"],
        "sensitive_placeholders": [],
    },
]


def forward(apps, schema_editor):
    Membership = apps.get_model("employers", "Membership")
    Membership.objects.filter(services=[]).update(services=SERVICES)
    Membership.objects.filter(is_active=False).update(status="ended")
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    for data in TEMPLATES:
        SmsTemplate.objects.update_or_create(code=data["code"], defaults=data)


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0007_registry_onboarding"),
        ("notifications", "0002_default_templates"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]

"""The two ledger templates of broadcasts (notifications.Broadcast): an official notice and an
alert. Their text is the broadcast's own, in each language, so every text is `{text}`."""

from django.db import migrations

WORKER_LANGUAGES = ("hi", "bn", "ur", "ml", "ta", "fil")
TEMPLATES = (
    ("broadcast_notice", "Broadcast: official notice", "legal"),
    ("broadcast_alert", "Broadcast: alert", "alert"),
)


def forward(apps, schema_editor):
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    for code, name, category in TEMPLATES:
        SmsTemplate.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "category": category,
                "body_ar": "{text}",
                "body_en": "{text}",
                "for_workers": True,
                "worker_bodies": dict.fromkeys(WORKER_LANGUAGES, "{text}"),
                "placeholders": ["text"],
                "sensitive_placeholders": [],
                "is_active": True,
            },
        )


def backward(apps, schema_editor):
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    SmsTemplate.objects.filter(code__in=[code for code, _n, _c in TEMPLATES]).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0008_broadcasts")]
    operations = [migrations.RunPython(forward, backward)]

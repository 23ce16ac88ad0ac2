"""The message that tells an employer a bulk renewal has finished (one SMS for the whole job)."""

from django.db import migrations

TEMPLATE = {
    "code": "permit_bulk_renewal_done",
    "name": "Bulk renewal of work permits finished",
    "category": "legal",
    "body_ar": "اكتمل التجديد الجماعي لتراخيص العمل: جُدِّد {renewed}، وأُحيل {review} إلى موظف، ورُفض {refused}. التفاصيل في البوابة.",
    "body_en": "Your bulk renewal of work permits is finished: {renewed} renewed, {review} sent to an officer, {refused} refused. Details are in the portal.",
    "placeholders": ["renewed", "review", "refused"],
    "sensitive_placeholders": [],
}


def create(apps, schema_editor):
    apps.get_model("notifications", "SmsTemplate").objects.update_or_create(
        code=TEMPLATE["code"], defaults=TEMPLATE
    )


def remove(apps, schema_editor):
    apps.get_model("notifications", "SmsTemplate").objects.filter(
        code=TEMPLATE["code"], messages__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("permits", "0002_rule_sets_and_sequence")]

    operations = [migrations.RunPython(create, remove)]

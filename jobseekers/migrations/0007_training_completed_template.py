"""The text message a jobseeker receives when an employer records their training complete."""

from django.db import migrations

TEMPLATE = {
    "code": "training_completed",
    "name": "Training completed, to the jobseeker",
    "category": "service",
    "body_ar": "أتممت تدريب {programme}. أضيفت مهاراتك ({skills}) موثقة بالتدريب، وتحسن توافقك مع {count} من الوظائف الموصى بها: {link}",
    "body_en": "You completed the training {programme}. Your skills ({skills}) are added as evidenced by training, and {count} recommended vacancies now fit you better: {link}",
    "placeholders": ["programme", "skills", "count", "link"],
    "sensitive_placeholders": [],
}


def create(apps, schema_editor):
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    SmsTemplate.objects.update_or_create(code=TEMPLATE["code"], defaults=TEMPLATE)


def remove(apps, schema_editor):
    apps.get_model("notifications", "SmsTemplate").objects.filter(code=TEMPLATE["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("jobseekers", "0006_training_enrolment"),
        ("notifications", "0002_default_templates"),
    ]

    operations = [migrations.RunPython(create, remove)]

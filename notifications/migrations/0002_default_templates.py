"""The first message templates. Policy staff edit them afterwards (data, not code)."""

from django.db import migrations

TEMPLATES = [
    {
        "code": "login_code",
        "name": "Sign-in code",
        "category": "security",
        "body_ar": "رمز الدخول إلى بوابة خدمات العمل: {code}. صالح لمدة 10 دقائق. لا تشاركه مع أحد.",
        "body_en": "Your Labor Services Portal sign-in code is {code}. It is valid for 10 minutes. Do not share it.",
        "placeholders": ["code"],
        "sensitive_placeholders": ["code"],
    },
    {
        "code": "mobile_verification",
        "name": "Mobile number verification code",
        "category": "security",
        "body_ar": "رمز التحقق من رقم هاتفك في بوابة خدمات العمل: {code}. صالح لمدة 10 دقائق.",
        "body_en": "Your Labor Services Portal verification code is {code}. It is valid for 10 minutes.",
        "placeholders": ["code"],
        "sensitive_placeholders": ["code"],
    },
    {
        "code": "permit_decision",
        "name": "Work permit decision",
        "category": "legal",
        "body_ar": "صدر قرار بشأن طلب ترخيص العمل رقم {permit_number}: {decision}.",
        "body_en": "A decision was made on work permit application {permit_number}: {decision}.",
        "placeholders": ["permit_number", "decision"],
        "sensitive_placeholders": [],
    },
    {
        "code": "vacancy_match",
        "name": "New matching vacancy",
        "category": "alert",
        "body_ar": "وظيفة جديدة تناسبك: {vacancy_title} لدى {employer}.",
        "body_en": "A new vacancy matches your profile: {vacancy_title} at {employer}.",
        "placeholders": ["vacancy_title", "employer"],
        "sensitive_placeholders": [],
    },
]


def create(apps, schema_editor):
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    for data in TEMPLATES:
        SmsTemplate.objects.update_or_create(code=data["code"], defaults=data)


def remove(apps, schema_editor):
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    SmsTemplate.objects.filter(code__in=[t["code"] for t in TEMPLATES], messages__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]

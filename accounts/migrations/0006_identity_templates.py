"""SMS templates of identity proof: the code to the registry's mobile, the step-up code before an
act that binds the person, and the notice that a civil ID was reclaimed by its proven owner."""

from django.db import migrations

TEMPLATES = [
    {
        "code": "identity_code",
        "name": "Identity proof code (civil registry mobile)",
        "category": "security",
        "body_ar": "رمز إثبات هويتك في بوابة خدمات العمل: {code}. صالح لمدة 10 دقائق. لا تشاركه مع أحد، ولا حتى مع صاحب العمل.",
        "body_en": "Your Labor Services Portal identity code is {code}. It is valid for 10 minutes. Do not share it with anyone, not even your employer.",
        "placeholders": ["code"],
        "sensitive_placeholders": ["code"],
    },
    {
        "code": "step_up_code",
        "name": "Confirmation code for an act",
        "category": "security",
        "body_ar": "رمز تأكيد {act} في بوابة خدمات العمل: {code}. صالح لمدة 10 دقائق. لا تشاركه مع أحد.",
        "body_en": "Your Labor Services Portal code to confirm {act} is {code}. It is valid for 10 minutes. Do not share it.",
        "placeholders": ["code", "act"],
        "sensitive_placeholders": ["code"],
    },
    {
        "code": "identity_reclaimed",
        "name": "Civil ID reclaimed by its proven owner",
        "category": "legal",
        "body_ar": "تم ربط الرقم المدني {civil_id_tail} بحساب صاحبه بعد إثبات هويته، وأُلغي ربطه بحساب آخر. إذا لم تكن أنت، اتصل بالوزارة.",
        "body_en": "Civil number ending {civil_id_tail} is now bound to its owner's account after proof of identity; its binding to another account was revoked. If this was not you, contact the ministry.",
        "placeholders": ["civil_id_tail"],
        "sensitive_placeholders": [],
    },
]


def create(apps, schema_editor):
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    for data in TEMPLATES:
        SmsTemplate.objects.update_or_create(code=data["code"], defaults=data)


def remove(apps, schema_editor):
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    SmsTemplate.objects.filter(
        code__in=[t["code"] for t in TEMPLATES], messages__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_identity_proof"),
        ("notifications", "0002_default_templates"),
    ]

    operations = [migrations.RunPython(create, remove)]

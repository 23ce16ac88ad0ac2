"""The text messages of Sanad sessions (policy staff edit them afterwards)."""

from django.db import migrations

TEMPLATES = [
    {
        "code": "sanad_consent_code",
        "name": "Sanad consent code to the person in front of the clerk",
        "category": "security",
        "body_ar": "يطلب مركز سند {centre} التصرف نيابة عنك في بوابة خدمات العمل لمدة {minutes} دقيقة. الرمز: {code}. لا تعطه إلا لموظف المركز الذي أمامك. للرفض أرسل: لا",
        "body_en": "Sanad centre {centre} asks to act for you in the Labor Services Portal for {minutes} minutes. Code: {code}. Give it only to the centre's clerk in front of you. To refuse, reply NO.",
        "placeholders": ["centre", "minutes", "code"],
        "sensitive_placeholders": ["code"],
    },
    {
        "code": "sanad_session_summary",
        "name": "Summary of a Sanad session to the person",
        "category": "service",
        "body_ar": "انتهت جلسة مركز سند {centre} نيابة عنك: {actions} إجراء، ورسوم مدفوعة {fees} ر.ع. التفاصيل في صفحة نشاطي في بوابة خدمات العمل.",
        "body_en": "Your Sanad centre {centre} session has ended: {actions} actions done for you, fees paid RO {fees}. Details under My activity in the Labor Services Portal.",
        "placeholders": ["centre", "actions", "fees"],
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
        ("sanad", "0001_initial"),
        ("notifications", "0002_default_templates"),
    ]

    operations = [migrations.RunPython(create, remove)]

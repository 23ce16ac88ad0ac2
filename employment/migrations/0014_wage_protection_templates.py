"""Text messages of wage protection: the first month's warning to the employer's representatives
and to each worker not paid as due (to the worker's verified numbers only)."""

from django.db import migrations

TEMPLATES = [
    {
        "code": "wage_protection_warning_employer",
        "name": "Wage protection warning, to the employer",
        "category": "legal",
        "body_ar": "تحذير حماية الأجور: لم تُصرف رواتب {count} من عمال {employer} عن شهر {month} كاملة وفي موعدها عبر نظام حماية الأجور. تكرار ذلك الشهر القادم يعني مخالفة بغرامة {fine} ر.ع عن كل عامل ووقف خدمات التصاريح.",
        "body_en": "Wage protection warning: {count} workers of {employer} were not paid in full and on time through the wage protection system for {month}. A second month means a violation of RO {fine} per worker and a suspension of permit services.",
        "placeholders": ["count", "employer", "month", "fine"],
        "sensitive_placeholders": [],
    },
    {
        "code": "wage_protection_warning_worker",
        "name": "Wage protection warning, to the worker",
        "category": "legal",
        "body_ar": "لم يصلنا عبر نظام حماية الأجور راتبك كاملًا وفي موعده من {employer} عن شهر {month}. أبلغنا صاحب العمل. يمكنك رؤية رواتبك والاعتراض عليها في البوابة.",
        "body_en": "The wage protection system shows your salary from {employer} for {month} was not paid in full and on time. We told your employer. You can see and dispute your salary lines on the portal.",
        "placeholders": ["employer", "month"],
        "sensitive_placeholders": [],
    },
]


def create(apps, schema_editor):
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    for data in TEMPLATES:
        SmsTemplate.objects.update_or_create(code=data["code"], defaults=data)


class Migration(migrations.Migration):
    dependencies = [("employment", "0013_wage_protection"), ("notifications", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]

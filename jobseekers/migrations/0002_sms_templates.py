"""Text messages of applications (each change, to the jobseeker; the reminder to the employer)
and the daily job alert."""

from django.db import migrations

TEMPLATES = [
    {
        "code": "application_status",
        "name": "Application status, to the jobseeker",
        "category": "service",
        "body_ar": "طلبك لوظيفة {vacancy} لدى {employer}: {status}.",
        "body_en": "Your application for {vacancy} at {employer}: {status}.",
        "placeholders": ["vacancy", "employer", "status"],
        "sensitive_placeholders": [],
    },
    {
        "code": "application_reminder",
        "name": "Applications waiting for an answer, to the employer",
        "category": "service",
        "body_ar": "{count} طلبات لوظيفة {vacancy} تنتظر ردك منذ أكثر من {days} يومًا: {link}",
        "body_en": "{count} applications for {vacancy} have waited more than {days} days for your answer: {link}",
        "placeholders": ["count", "vacancy", "days", "link"],
        "sensitive_placeholders": [],
    },
    {
        "code": "job_alert",
        "name": "Daily alert of new matching vacancies",
        "category": "alert",
        "body_ar": "وظائف جديدة تناسبك ({count}): {titles}. التفاصيل: {link}",
        "body_en": "New vacancies that match you ({count}): {titles}. Details: {link}",
        "placeholders": ["count", "titles", "link"],
        "sensitive_placeholders": [],
    },
]


def create(apps, schema_editor):
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    for data in TEMPLATES:
        SmsTemplate.objects.update_or_create(code=data["code"], defaults=data)


class Migration(migrations.Migration):
    dependencies = [
        ("jobseekers", "0001_profiles_vacancies_applications"),
        ("notifications", "0002_default_templates"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]

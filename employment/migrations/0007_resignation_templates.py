"""Text messages of resignations (to the employer, and the answer to the worker) and the
acknowledgement a worker receives when an objection is filed."""

from django.db import migrations

TEMPLATES = [
    {
        "code": "resignation_received",
        "name": "Resignation received, to the employer",
        "category": "legal",
        "body_ar": "قدّم {worker} استقالته، وآخر يوم عمل {last_day}. أجب قبل {answer_by} وإلا تُعدّ مقبولة: {link}",
        "body_en": "{worker} has resigned; last working day {last_day}. Answer by {answer_by} or the resignation is accepted: {link}",
        "placeholders": ["worker", "last_day", "answer_by", "link"],
        "sensitive_placeholders": [],
    },
    {
        "code": "resignation_accepted",
        "name": "Resignation accepted, with the no-objection record, to the worker",
        "category": "legal",
        "body_ar": "قُبلت استقالتك من {employer}، وآخر يوم عمل {last_day}. شهادة عدم الممانعة {noc_number} تتيح نقل تصريحك إلى صاحب عمل جديد حتى {valid_until}.",
        "body_en": "Your resignation from {employer} is accepted; last working day {last_day}. No-objection record {noc_number} allows a transfer of your permit to a new employer until {valid_until}.",
        "placeholders": ["employer", "last_day", "noc_number", "valid_until"],
        "sensitive_placeholders": [],
    },
    {
        "code": "resignation_refused",
        "name": "Resignation refused, to the worker",
        "category": "legal",
        "body_ar": "رفض {employer} استقالتك. السبب: {reason}. عقدك مستمر، ويمكنك تقديم شكوى إلى الوزارة.",
        "body_en": "{employer} refused your resignation. Reason: {reason}. Your contract continues; you may complain to the ministry.",
        "placeholders": ["employer", "reason"],
        "sensitive_placeholders": [],
    },
    {
        "code": "objection_received",
        "name": "Objection received, to the worker",
        "category": "service",
        "body_ar": "استلمنا اعتراضك على {case} من {employer} (المرجع {reference}). سيقرر فيه موظف مختص وتُبلّغ برسالة.",
        "body_en": "We received your objection to the {case} by {employer} (reference {reference}). An officer will decide and you will be told by SMS.",
        "placeholders": ["case", "employer", "reference"],
        "sensitive_placeholders": [],
    },
]


def create(apps, schema_editor):
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    for data in TEMPLATES:
        SmsTemplate.objects.update_or_create(code=data["code"], defaults=data)


class Migration(migrations.Migration):
    dependencies = [("employment", "0006_resignations")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]

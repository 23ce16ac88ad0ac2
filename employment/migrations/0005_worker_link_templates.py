"""Text messages with the worker's own link: the contract offer (with a code to accept it), the
contract in force, and the termination and absconding notices now carry the link to object."""

from django.db import migrations

TEMPLATES = [
    {
        "code": "contract_offer",
        "name": "Employment contract offered to the worker",
        "category": "legal",
        "body_ar": "سجّل {employer} عقد عمل باسمك. اطّلع عليه ووافق أو ارفض خلال {days} أيام: {link} رمز الموافقة: {code}",
        "body_en": "{employer} has registered an employment contract for you. Read it and accept or decline within {days} days: {link} Acceptance code: {code}",
        "placeholders": ["employer", "days", "link", "code"],
        "sensitive_placeholders": ["code"],
    },
    {
        "code": "contract_active",
        "name": "Employment contract in force",
        "category": "legal",
        "body_ar": "عقد عملك مع {employer} ساري من {starts_on}.",
        "body_en": "Your employment contract with {employer} is in force from {starts_on}.",
        "placeholders": ["employer", "starts_on"],
        "sensitive_placeholders": [],
    },
    {
        "code": "termination_notice",
        "name": "Termination notice to the worker",
        "category": "legal",
        "body_ar": "أنهى {employer} عقد عملك، وآخر يوم عمل {last_day}. السبب: {reason}. يحق لك الاعتراض خلال {days} يومًا من استلام هذه الرسالة: {link}",
        "body_en": "{employer} has ended your employment; your last working day is {last_day}. Reason: {reason}. You may object within {days} days of receiving this message: {link}",
        "placeholders": ["employer", "last_day", "reason", "days", "link"],
        "sensitive_placeholders": [],
    },
    {
        "code": "absconding_notice",
        "name": "Absconding report notice to the worker",
        "category": "legal",
        "body_ar": "أبلغ {employer} عن تغيبك عن العمل منذ {last_seen}. يحق لك الاعتراض خلال {days} يومًا من استلام هذه الرسالة: {link}",
        "body_en": "{employer} has reported you absent from work since {last_seen}. You may object within {days} days of receiving this message: {link}",
        "placeholders": ["employer", "last_seen", "days", "link"],
        "sensitive_placeholders": [],
    },
]


def create(apps, schema_editor):
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    for data in TEMPLATES:
        SmsTemplate.objects.update_or_create(code=data["code"], defaults=data)


class Migration(migrations.Migration):
    dependencies = [("employment", "0004_contracts_and_worker_links")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]

"""The worker's civil or resident card number on a permit (their verified numbers are found by
it), and on a transfer the code sent with the consent link, where it went and how the answer was
proven. The transfer consent SMS carries the code (policy staff edit the text afterwards)."""

from django.db import migrations, models

CONSENT = "permit_transfer_consent"
WITH_CODE = {
    "body_ar": "يطلب {employer} نقل ترخيص عملك رقم {permit_number} إليه. للموافقة أو الرفض خلال 7 أيام افتح {link} وأدخل الرمز {code}. لا تعط الرمز لأحد، ولا حتى لصاحب العمل.",
    "body_en": "{employer} asks to take over your work permit {permit_number}. To agree or decline within 7 days, open {link} and enter the code {code}. Do not give the code to anyone, not even an employer.",
    "placeholders": ["employer", "permit_number", "link", "code"],
    "sensitive_placeholders": ["code"],
}
LINK_ONLY = {
    "body_ar": "يطلب {employer} نقل ترخيص عملك رقم {permit_number} إليه. للموافقة أو الرفض خلال 7 أيام: {link}",
    "body_en": "{employer} asks to take over your work permit {permit_number}. Agree or decline within 7 days: {link}",
    "placeholders": ["employer", "permit_number", "link"],
    "sensitive_placeholders": [],
}


def _template(apps, values):
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    SmsTemplate.objects.filter(code=CONSENT).update(**values)


def with_code(apps, schema_editor):
    _template(apps, WITH_CODE)


def link_only(apps, schema_editor):
    _template(apps, LINK_ONLY)


class Migration(migrations.Migration):

    dependencies = [
        ('permits', '0005_rule_set_arabic_name'),
        ('notifications', '0002_default_templates'),
    ]

    operations = [
        migrations.AddField(
            model_name='permit',
            name='worker_civil_id',
            field=models.CharField(blank=True, db_default='', default='', max_length=20, verbose_name="worker's civil or resident card number"),
        ),
        migrations.AddField(
            model_name='permittransfer',
            name='consent_code_failures',
            field=models.PositiveSmallIntegerField(db_default=0, default=0, verbose_name='wrong codes'),
        ),
        migrations.AddField(
            model_name='permittransfer',
            name='consent_code_hash',
            field=models.CharField(blank=True, db_default='', default='', editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name='permittransfer',
            name='consent_sent_via',
            field=models.CharField(blank=True, choices=[('idp', 'national digital identity'), ('registry_sms', "code sent to the civil registry's mobile"), ('account_sms', "code sent to the account's verified mobile")], db_default='', default='', max_length=20, verbose_name='consent code sent to'),
        ),
        migrations.AddField(
            model_name='permittransfer',
            name='proof_method',
            field=models.CharField(blank=True, choices=[('idp', 'national digital identity'), ('registry_sms', "code sent to the civil registry's mobile"), ('account_sms', "code sent to the account's verified mobile")], db_default='', default='', max_length=20, verbose_name='answer proven by'),
        ),
        migrations.AddField(
            model_name='permittransfer',
            name='worker_civil_id',
            field=models.CharField(blank=True, db_default='', default='', max_length=20, verbose_name="worker's civil or resident card number"),
        ),
        migrations.RunPython(with_code, link_only),
    ]

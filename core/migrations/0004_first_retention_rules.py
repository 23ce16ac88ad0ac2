"""The first retention rule set: the periods the ministry applies today. Later sets are drafted
and published by policy staff (/staff/retention/rule-sets/), never by migration."""

import datetime

from django.db import migrations
from django.utils import timezone

PERIODS = {
    "sms_codes": 30,  # one-time codes and the numbers they went to
    "refused_attempts": 90,  # counts of refused anonymous attempts, by address
    "data_exports": 7,  # a person's copy of their data, once built
    "rejected_records": 180,  # records other entities sent that failed validation
    "import_files": 90,  # uploaded workforce files and their rejected rows
    "closed_consents": 365,  # closed Sanad consents: the civil number typed, the code
    "closed_account_audit": 3650,  # personal fields of the audit events of closed accounts
    "sms_status_history": 400,  # the steps of each SMS, dropped a month at a time
}


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("core", "RetentionRuleSet")
    Period = apps.get_model("core", "RetentionPeriod")
    rule_set = RuleSet.objects.create(
        name="Retention of personal data (PDPL, Royal Decree 6/2022)",
        name_ar="الاحتفاظ بالبيانات الشخصية (قانون حماية البيانات الشخصية، المرسوم السلطاني 6/2022)",
        decree="RD 6/2022",
        status="published",
        version=1,
        effective_from=datetime.date(2024, 1, 1),
        published_at=timezone.now(),
    )
    for code, days in PERIODS.items():
        Period.objects.create(rule_set=rule_set, data_class=code, days=days)


def backwards(apps, schema_editor):
    apps.get_model("core", "RetentionRuleSet").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_retention_rules")]

    operations = [migrations.RunPython(forwards, backwards)]

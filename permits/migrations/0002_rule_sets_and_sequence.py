"""The permit number sequence, the two fee decrees as rule sets, and the permit SMS templates.

Rule sets are data: policy staff add later decrees as new rule sets (admin), never by editing
these. MD 12/2021 applied until the end of 2025; MD 602/2025 applies from 1 January 2026.
"""

import datetime
from decimal import Decimal

from django.db import migrations

RESERVED = ["1212", "3343", "4110", "4120", "4226", "4311", "8322"]

RULE_SETS = [
    {
        "name": "Work permit fees (MD 12/2021)",
        "decree": "MD 12/2021",
        "version": 1,
        "effective_from": datetime.date(2021, 6, 1),
        "effective_to": datetime.date(2025, 12, 31),
        "bands": [
            ("top", "Top occupations or salary from RO 4,000", "المهن العليا أو راتب من 4000 ر.ع", ["1"], "4000", "2001"),
            ("middle", "Middle occupations or salary RO 2,500-3,999", "المهن المتوسطة أو راتب 2500-3999 ر.ع", ["2"], "2500", "1001"),
            ("technical", "Technical and specialised occupations", "المهن الفنية والتخصصية", ["3"], None, "601"),
            ("other", "Other occupations", "المهن الأخرى", [], None, "301"),
        ],
    },
    {
        "name": "Work permit fees (MD 602/2025)",
        "decree": "MD 602/2025",
        "version": 2,
        "effective_from": datetime.date(2026, 1, 1),
        "effective_to": None,
        "bands": [
            ("first", "First category (managers and professionals)", "الفئة الأولى (المديرون والاختصاصيون)", ["1", "2"], None, "301"),
            ("second", "Second category (technicians, clerks, service and sales)", "الفئة الثانية (الفنيون والكتبة والخدمات والمبيعات)", ["3", "4", "5"], None, "251"),
            ("third", "Third category (crafts, operators and elementary)", "الفئة الثالثة (الحرف والمشغلون والمهن الأولية)", [], None, "201"),
        ],
    },
]

TEMPLATES = [
    {
        "code": "permit_transfer_consent",
        "name": "Worker's consent to a permit transfer",
        "category": "legal",
        "body_ar": "يطلب {employer} نقل ترخيص عملك رقم {permit_number} إليه. للموافقة أو الرفض خلال 7 أيام: {link}",
        "body_en": "{employer} asks to take over your work permit {permit_number}. Agree or decline within 7 days: {link}",
        "placeholders": ["employer", "permit_number", "link"],
        "sensitive_placeholders": [],
    },
]


def create(apps, schema_editor):
    PermitRuleSet = apps.get_model("permits", "PermitRuleSet")
    FeeBand = apps.get_model("permits", "FeeBand")
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    for data in RULE_SETS:
        rule_set, _ = PermitRuleSet.objects.update_or_create(
            version=data["version"],
            defaults={
                "name": data["name"],
                "decree": data["decree"],
                "status": "published",
                "effective_from": data["effective_from"],
                "effective_to": data["effective_to"],
                "reserved_occupations": RESERVED,
            },
        )
        for code, name_en, name_ar, groups, floor, amount in data["bands"]:
            FeeBand.objects.update_or_create(
                rule_set=rule_set,
                code=code,
                defaults={
                    "name_en": name_en,
                    "name_ar": name_ar,
                    "isco_major_groups": groups,
                    "min_salary": Decimal(floor) if floor else None,
                    "amount": Decimal(amount),
                },
            )
    for data in TEMPLATES:
        SmsTemplate.objects.update_or_create(code=data["code"], defaults=data)


def remove(apps, schema_editor):
    apps.get_model("permits", "PermitRuleSet").objects.filter(version__in=[1, 2]).delete()
    apps.get_model("notifications", "SmsTemplate").objects.filter(
        code__in=[t["code"] for t in TEMPLATES], messages__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("permits", "0001_initial"),
        ("notifications", "0002_default_templates"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS permits_permit_number_seq",
            "DROP SEQUENCE IF EXISTS permits_permit_number_seq",
        ),
        migrations.RunPython(create, remove),
    ]

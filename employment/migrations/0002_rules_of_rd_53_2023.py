"""The employment rules in force: Labour Law RD 53/2023 figures, the law's termination reasons,
salary floors and a first fine schedule, as data that policy staff replace with a later rule set.
"""

import datetime
from decimal import Decimal

from django.db import migrations

REASONS = [
    {"code": "performance", "kind": "performance",
     "en": "Poor performance after a documented improvement period",
     "ar": "ضعف الأداء بعد فترة تحسين موثقة"},
    {"code": "economic", "kind": "economic",
     "en": "Economic reasons (restructuring, closure of an activity)",
     "ar": "أسباب اقتصادية (إعادة هيكلة أو إغلاق نشاط)"},
    {"code": "misconduct", "kind": "misconduct",
     "en": "Serious misconduct listed in the law",
     "ar": "مخالفة جسيمة منصوص عليها في القانون"},
    {"code": "absence", "kind": "misconduct",
     "en": "Absence without a lawful reason beyond the law's limit",
     "ar": "الغياب دون سبب مشروع بما يتجاوز الحد القانوني"},
    {"code": "end_of_contract", "kind": "end_of_contract",
     "en": "End of a fixed-term contract",
     "ar": "انتهاء عقد محدد المدة"},
    {"code": "probation", "kind": "other",
     "en": "Not confirmed during the probation period",
     "ar": "عدم التثبيت خلال فترة التجربة"},
]

FLOORS = {"1": "700", "2": "500", "3": "400", "4": "325", "5": "325",
          "6": "325", "7": "325", "8": "325", "9": "325"}

VIOLATIONS = [
    ("wages_unpaid", "Wages not paid through the wage protection system",
     "عدم صرف الأجور عبر نظام حماية الأجور", "50", True),
    ("no_permit", "Employing a worker without a valid work permit",
     "تشغيل عامل دون ترخيص عمل ساري", "1000", True),
    ("safety", "Occupational safety and health breach",
     "مخالفة اشتراطات السلامة والصحة المهنية", "500", False),
    ("records", "Workforce records not kept or not shown to the inspector",
     "عدم الاحتفاظ بسجلات العاملين أو عدم تقديمها للمفتش", "200", False),
    ("hours", "Working hours or rest days beyond the law",
     "ساعات عمل أو أيام راحة مخالفة للقانون", "100", True),
]


def create(apps, schema_editor):
    RuleSet = apps.get_model("employment", "LifecycleRuleSet")
    ViolationType = apps.get_model("employment", "ViolationType")
    rule_set, _ = RuleSet.objects.update_or_create(
        version=1,
        defaults={
            "name": "Labour Law (RD 53/2023)",
            "name_ar": "قانون العمل (المرسوم السلطاني 53/2023)",
            "decree": "RD 53/2023",
            "status": "published",
            "effective_from": datetime.date(2023, 7, 26),
            "termination_reasons": REASONS,
            "salary_floors": FLOORS,
        },
    )
    for code, name_en, name_ar, fine, per_worker in VIOLATIONS:
        ViolationType.objects.update_or_create(
            rule_set=rule_set,
            code=code,
            defaults={"name_en": name_en, "name_ar": name_ar, "fine": Decimal(fine),
                      "per_worker": per_worker},
        )


class Migration(migrations.Migration):
    dependencies = [("employment", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]

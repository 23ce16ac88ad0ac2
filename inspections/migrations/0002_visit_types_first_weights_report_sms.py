"""The first visit types with their checklists (data, not code: a new point is a row), the
first inspection risk weights, and the SMS that tells an employer a visit's report is ready."""

import datetime

from django.db import migrations

# code, English, Arabic, [(item code, English, Arabic, violation type of the fine schedule)]
VISIT_TYPES = [
    ("wage_records", "Wage records", "سجلات الأجور", [
        ("payslips", "Payslips or wage records are kept for every worker",
         "كشوف الرواتب أو سجلات الأجور محفوظة لكل عامل", "records"),
        ("wps_match", "Wages paid match the wage protection file",
         "الأجور المصروفة مطابقة لملف نظام حماية الأجور", "wages_unpaid"),
        ("hours_rest", "Working hours and rest days are within the law",
         "ساعات العمل وأيام الراحة في حدود القانون", "hours"),
    ]),
    ("contracts", "Contracts", "عقود العمل", [
        ("signed_contracts", "Every worker present has a signed contract",
         "لكل عامل حاضر عقد عمل موقّع", "records"),
        ("valid_permits", "Every foreign worker present holds a valid work permit",
         "كل عامل وافد حاضر يحمل ترخيص عمل ساريًا", "no_permit"),
    ]),
    ("accommodation", "Accommodation", "سكن العمال", [
        ("space", "Rooms are not overcrowded", "الغرف غير مكتظة", "safety"),
        ("sanitation", "Water, kitchens and washrooms are clean and working",
         "المياه والمطابخ ودورات المياه نظيفة وصالحة", "safety"),
    ]),
    ("safety", "Occupational safety", "السلامة المهنية", [
        ("protective_equipment", "Workers wear the protective equipment their work needs",
         "يرتدي العمال معدات الوقاية التي يتطلبها عملهم", "safety"),
        ("first_aid", "First aid and fire equipment are in place",
         "معدات الإسعافات الأولية والإطفاء متوفرة", "safety"),
    ]),
    ("omanization", "Omanization on site", "التعمين في الموقع", [
        ("omanis_present", "The Omani workers on the register are at work",
         "العمال العمانيون المسجلون موجودون في العمل", "records"),
        ("jobs_as_registered", "Workers do the jobs the register states",
         "يعمل العمال في المهن المسجلة", "records"),
    ]),
]

TEMPLATE = {
    "code": "inspection_report",
    "name": "Inspection visit report ready, to the employer",
    "category": "legal",
    "body_ar": "تقرير زيارة التفتيش على {employer} بتاريخ {date} جاهز: {findings} مخالفة مؤكدة. يمكنكم الاطلاع عليه والرد عبر بوابة خدمات العمل.",
    "body_en": "The report of the inspection visit to {employer} on {date} is ready: {findings} confirmed violations. You may read it and answer in the Labor Services Portal.",
    "placeholders": ["employer", "date", "findings"],
    "sensitive_placeholders": [],
}


def create(apps, schema_editor):
    VisitType = apps.get_model("inspections", "VisitType")
    ChecklistItem = apps.get_model("inspections", "ChecklistItem")
    RiskRuleSet = apps.get_model("inspections", "RiskRuleSet")
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    for position, (code, name_en, name_ar, items) in enumerate(VISIT_TYPES):
        visit_type, _ = VisitType.objects.update_or_create(
            code=code, defaults={"name_en": name_en, "name_ar": name_ar, "position": position}
        )
        for item_position, (item_code, text_en, text_ar, violation) in enumerate(items):
            ChecklistItem.objects.update_or_create(
                visit_type=visit_type,
                code=item_code,
                defaults={"text_en": text_en, "text_ar": text_ar,
                          "violation_type_code": violation, "position": item_position},
            )
    RiskRuleSet.objects.update_or_create(
        version=1,
        defaults={
            "name": "Inspection risk weights",
            "name_ar": "أوزان مخاطر التفتيش",
            "status": "published",
            "effective_from": datetime.date(2024, 1, 1),
        },
    )
    SmsTemplate.objects.update_or_create(code=TEMPLATE["code"], defaults=TEMPLATE)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial"), ("notifications", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]

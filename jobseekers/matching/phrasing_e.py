"""A fifth dataset generator, written held out (issue 24): fields typed the way people in Oman
fill in a form or a CV import, in words of its own.

It was written from the issue's relevance rule, the dataset format and the taxonomy's files of
codes and canonical labels only: not from the matcher, the resolver, their synonym and
written-form lists, nor the other generators. Nothing is to be tuned on it; its figures are
reported beside the others'.

What it writes:

* skills: the canonical label now and then, but mostly its own paraphrases in English and Gulf
  Arabic, job-ad and CV framing ("must have", "خبرة في", "اعرف"), a label half in each
  language, short forms ("maint.", "mgmt", initials), a little Arabizi, Urdu-keyboard Arabic
  letters (ک ی ہ), tashkeel and tatweel, dropped vowels, swapped or stuck letters, phonetic
  English, spacing, capitals, words in another order, a few phrases that are not skills, and
  now and then several skills in one comma-separated field of a CV import;
* occupations: a code in several written forms, a title in either language, or, for the
  jobseekers, nothing, a neighbouring unit group, or only a broader group;
* education and experience as people write them: degrees by name, school years, "دبلوم عام"
  (which is secondary school in Oman), years in digits or words in both languages, months,
  ranges and minimums for vacancies;
* governorates in several spellings, with and without "governorate", or as a town;
* willingness to move as free text, yes or no, in both languages.

Relevance is the issue's rule (`phrasing.relevant_by_issue_rule`, through `relevant_pairs`) on
the latent profiles. The population is drawn so that most vacancies have at most about twenty
relevant jobseekers: one in three jobseekers is drawn near a vacancy, the others anywhere.
"""

from __future__ import annotations

import csv
import random
import re
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import taxonomy as taxonomy_package
from jobseekers.matching import phrasing

_DATA = Path(taxonomy_package.__file__).resolve().parent / "data"

EDUCATION_NONE, PRIMARY, SECONDARY, DIPLOMA, BACHELOR, MASTER, DOCTORATE = range(7)

# Gulf Arabic and English words of this generator's own for some skills (not the taxonomy's).
OWN_WORDS: dict[str, tuple[str, ...]] = {
    "customer_service": ("dealing with customers", "التعامل مع الزباين", "customer care"),
    "communication": ("good communicator", "مهارات اتصال", "communication"),
    "teamwork": ("team player", "أشتغل ضمن فريق", "work in team"),
    "english_language": ("english fluent", "انجليزي ممتاز", "Spoken English"),
    "arabic_language": ("arabic speaking", "عربي", "native Arabic"),
    "computer_literacy": ("computer basics", "كمبيوتر", "ICDL"),
    "time_management": ("punctual and organised with time", "تنظيم الوقت"),
    "problem_solving": ("solving problems", "حل مشاكل"),
    "leadership": ("leading teams", "قيادة"),
    "first_aid": ("first-aider", "اسعافات اولية"),
    "occupational_safety": ("HSE awareness", "سلامة مهنية", "safety at work"),
    "data_entry": ("entering data", "ادخال بيانات"),
    "ms_excel": ("excel", "اكسل", "MS Excel advanced"),
    "ms_word": ("ms word", "وورد"),
    "supervision": ("supervising workers", "مشرف عمال"),
    "masonry": ("block work", "بناء طابوق", "bricklaying"),
    "concrete_work": ("concreting", "صب خرسانة"),
    "steel_fixing": ("rebar fixing", "حدادة مسلح", "steel fixer"),
    "plastering": ("plaster work", "لياسه", "Plasterer"),
    "tiling": ("tiles fixing", "تبليط", "ceramic laying"),
    "painting_decorating": ("painter (buildings)", "صباغة", "صبغ بيوت"),
    "carpentry": ("carpenter", "نجاره", "woodwork"),
    "scaffolding": ("scaffolder", "سقالات"),
    "autocad": ("auto cad", "اوتوكاد", "CAD drafting"),
    "electrical_wiring": ("house wiring", "تمديدات كهربائية", "wireman"),
    "electrical_troubleshooting": ("fault finding electrical", "تصليح اعطال الكهرباء"),
    "plumbing_installation": ("plumbing", "سباكة", "plumber"),
    "pipe_fitting": ("pipe fitter", "تركيب انابيب"),
    "hvac_installation": ("AC installation", "تركيب مكيفات", "HVAC installer"),
    "ac_maintenance": ("AC repair", "صيانة مكيفات", "A/C technician"),
    "refrigeration": ("fridge and cold room repair", "تبريد"),
    "arc_welding": ("stick welding", "لحام كهربا", "SMAW welder"),
    "mig_welding": ("CO2 welding", "لحام مِج"),
    "tig_welding": ("argon welding", "لحام ارجون"),
    "gas_cutting": ("oxy cutting", "قص بالغاز"),
    "pipe_welding": ("6G pipe welder", "لحام انابيب"),
    "machining": ("lathe operator", "خراطة", "turner"),
    "engine_repair": ("engine overhaul", "تصليح مكائن", "ميكانيك مكينة"),
    "vehicle_diagnostics": ("car diagnosis computer", "فحص كمبيوتر للسيارات"),
    "auto_electrical": ("auto electrician", "كهرباء سيارات"),
    "panel_beating": ("denting", "سمكرة"),
    "car_painting": ("car paint", "صبغ سيارات"),
    "light_vehicle_driving": ("light driver", "سواق خفيف", "driving small vehicles"),
    "heavy_vehicle_driving": ("heavy driver", "سواق ثقيل", "truck driving"),
    "bus_driving": ("bus driver", "سواقة باص"),
    "driving_licence_light": ("Omani light licence", "ليسن خفيف", "valid driving license"),
    "driving_licence_heavy": ("heavy license", "رخصة ثقيل"),
    "delivery_operations": ("delivery", "توصيل طلبات"),
    "forklift_operation": ("forklift", "رافعة شوكية", "fork lift driver"),
    "crane_operation": ("crane operator", "كرين"),
    "excavator_operation": ("JCB / excavator", "حفار"),
    "food_preparation": ("cooking", "طبخ", "food prep"),
    "arabic_cuisine": ("omani food", "طبخ عربي", "Arabic dishes"),
    "indian_cuisine": ("indian dishes", "أكل هندي"),
    "baking": ("pastry", "حلويات ومخبوزات", "baker"),
    "food_hygiene": ("food safety", "نظافة الطعام", "HACCP"),
    "food_serving": ("waiter", "خدمة طاولات"),
    "coffee_preparation": ("barista", "قهوة عربية", "coffee making"),
    "housekeeping": ("room cleaning (hotel)", "تنظيف غرف"),
    "front_desk": ("receptionist hotel", "استقبال فندق"),
    "cleaning_techniques": ("cleaning", "تنظيف", "cleaner"),
    "laundry": ("washing and ironing", "غسيل وكوي"),
    "gardening": ("gardener", "زراعة حدائق", "landscaping"),
    "irrigation": ("drip irrigation", "ري"),
    "childcare": ("babysitting", "رعاية أطفال", "nanny"),
    "elderly_care": ("old people care", "رعاية كبار السن"),
    "date_palm_care": ("palm trees", "نخيل", "date farming"),
    "livestock_care": ("animals (goats, camels)", "تربية مواشي"),
    "fishing": ("fisherman", "صيد سمك"),
    "sales_techniques": ("selling", "مبيعات", "sales"),
    "cash_handling": ("cashier", "كاشير", "cash counting"),
    "pos_systems": ("POS", "نظام نقاط البيع"),
    "stock_control": ("inventory", "جرد مخزون", "stock keeping"),
    "marketing": ("marketing", "تسويق"),
    "digital_marketing": ("social media marketing", "تسويق الكتروني", "SEO / social media"),
    "purchasing": ("procurement", "مشتريات", "buyer"),
    "warehouse_operations": ("store keeper", "أمين مخزن", "warehouse"),
    "bookkeeping": ("book keeping", "مسك دفاتر"),
    "financial_accounting": ("accounting", "محاسبة", "accountant"),
    "payroll": ("salaries", "رواتب", "WPS payroll"),
    "vat_tax": ("VAT", "ضريبة القيمة المضافة"),
    "auditing": ("audit", "تدقيق", "internal auditor"),
    "accounting_software": ("Tally / QuickBooks", "برامج محاسبة"),
    "office_administration": ("admin work", "أعمال إدارية", "office admin"),
    "filing_records": ("filing", "أرشفة"),
    "reception_skills": ("reception", "استقبال", "answering phones"),
    "translation": ("translator arabic english", "ترجمة"),
    "government_relations": ("PRO", "مندوب علاقات حكومية", "mandoob"),
    "hr_administration": ("HR admin", "شؤون موظفين"),
    "recruitment": ("hiring", "توظيف"),
    "labour_law": ("oman labor law", "قانون العمل العماني"),
    "arabic_typing": ("typing arabic", "طباعة عربي"),
    "python": ("python", "بايثون", "py programming"),
    "java": ("java developer", "جافا"),
    "javascript": ("JS", "java script", "جافاسكربت"),
    "web_development": ("websites", "تطوير مواقع", "web dev"),
    "mobile_development": ("android / ios apps", "تطبيقات جوال"),
    "sql_databases": ("SQL", "قواعد بيانات"),
    "network_administration": ("networking", "شبكات", "CCNA"),
    "cybersecurity": ("information security", "أمن معلومات", "cyber security"),
    "it_support": ("helpdesk", "دعم فني", "IT support"),
    "hardware_repair": ("computer maintenance", "صيانة كمبيوتر"),
    "data_analysis": ("data analytics", "تحليل بيانات"),
    "graphic_design": ("photoshop / illustrator", "تصميم جرافيك", "designer"),
    "oil_gas_operations": ("oil field", "نفط وغاز"),
    "quality_control": ("QC", "مراقبة جودة", "quality inspector"),
    "hse_management": ("HSE officer", "صحة وسلامة وبيئة"),
    "patient_care": ("caring for patients", "رعاية المرضى"),
    "vital_signs": ("BP, pulse, temperature", "العلامات الحيوية"),
    "bls_cpr": ("CPR", "BLS certified", "انعاش قلبي"),
    "dispensing": ("pharmacy", "صرف أدوية"),
    "medical_laboratory": ("lab technician", "مختبر طبي"),
    "nutrition": ("dietitian", "تغذية"),
    "lesson_planning": ("lesson plans", "تحضير دروس"),
    "classroom_management": ("class control", "إدارة الصف"),
    "teaching_mathematics": ("maths teacher", "تدريس رياضيات"),
    "teaching_english": ("ESL", "تدريس انجليزي", "english teacher"),
    "teaching_arabic": ("arabic teacher", "تدريس عربي"),
    "security_patrolling": ("security guard", "حارس أمن", "patrol"),
    "cctv_monitoring": ("CCTV operator", "مراقبة كاميرات"),
    "fire_fighting": ("firefighter", "إطفاء"),
    "hairdressing": ("barber", "حلاق", "hair cutting"),
    "beauty_treatments": ("beautician", "تجميل", "makeup"),
    "tailoring": ("tailor", "خياطة"),
    "dishdasha_tailoring": ("dishdasha stitching", "خياطة دشاديش", "دشداشة"),
    "butchery": ("butcher", "قصاب", "جزارة"),
    "bread_production": ("khubz making", "خباز", "bakery bread"),
    "furniture_making": ("furniture carpenter", "صناعة أثاث"),
    "photography": ("photographer", "تصوير"),
    "hr_management": ("HR manager", "إدارة موارد بشرية"),
    "public_relations": ("PR", "علاقات عامة"),
    "event_management": ("events", "تنظيم فعاليات"),
    "tour_guiding": ("tour guide", "مرشد سياحي"),
    "social_work": ("social worker", "أخصائي اجتماعي"),
}

# A little Arabizi, as young Omanis write it in chats and sometimes in forms.
ARABIZI: dict[str, str] = {
    "carpentry": "najjara",
    "plumbing_installation": "sebaka",
    "arc_welding": "le7am",
    "painting_decorating": "9baagha",
    "food_preparation": "tabkh",
    "light_vehicle_driving": "swa8a 5afeef",
    "heavy_vehicle_driving": "swa8a thageel",
    "financial_accounting": "mo7asaba",
    "electrical_wiring": "kahraba tamdeedat",
    "cleaning_techniques": "tanzeef",
    "tailoring": "5eyata",
    "sales_techniques": "mabee3at",
    "ac_maintenance": "9eyanat mukayyifat",
    "butchery": "gassab",
    "security_patrolling": "7ares amn",
}

# Short forms of English words, as people abbreviate in a form that is too small.
SHORT_WORDS = {
    "maintenance": ("maint.", "mntnc", "maint"),
    "management": ("mgmt", "mgt.", "mngmt"),
    "installation": ("install.", "instl", "installing"),
    "engineering": ("engg", "eng."),
    "administration": ("admin", "admin."),
    "operation": ("ops", "oper."),
    "equipment": ("equip.", "eqpt"),
    "electrical": ("elec.", "elect."),
    "systems": ("sys", "sys."),
    "vehicle": ("veh.", "vehicle"),
    "construction": ("const.", "constr."),
    "mechanical": ("mech.", "mech"),
    "and": ("&", "n", "+"),
    "repair": ("rep.", "repairing", "fixing"),
    "driving": ("drvng", "driver"),
    "technical": ("tech.", "tech"),
}

EN_FRAMES_VACANCY = (
    "Must have {}",
    "{} is a must",
    "Preferred: {}",
    "experience in {} required",
    "knowledge of {}",
    "{} (essential)",
    "* {}",
    "Strong {}",
    "{} - min. 2 yrs",
    "Candidate should know {}",
)
EN_FRAMES_SEEKER = (
    "{}",
    "experienced in {}",
    "good at {}",
    "{} - 3 years",
    "certified {}",
    "I can do {}",
    "skilled in {}",
    "{} (expert)",
    "- {}",
    "{} ✓",
)
AR_FRAMES_VACANCY = (
    "خبرة في {}",
    "يشترط {}",
    "إجادة {}",
    "معرفة جيدة بـ{}",
    "يفضل من لديه خبرة في {}",
    "{} (ضروري)",
    "القدرة على {}",
)
AR_FRAMES_SEEKER = (
    "{}",
    "عندي خبرة في {}",
    "اعرف {}",
    "أشتغل {}",
    "خبره ب{}",
    "شهادة في {}",
    "{} - ممتاز",
    "شغلي {}",
)
NOT_SKILLS_EN = (
    "hard worker",
    "available immediately",
    "able to work under pressure",
    "Valid Omani ID",
    "honest and punctual",
    "ready for shifts",
    "GPA 3.1",
    "references on request",
)
NOT_SKILLS_AR = (
    "ملتزم بالمواعيد",
    "جاهز للعمل فورا",
    "أمين ومخلص",
    "أحب العمل",
    "مستعد للعمل بنظام الورديات",
    "بطاقة شخصية سارية",
)

# Letters confused by the keyboards of South Asia (Urdu/Persian) and of old phones.
URDU_LETTERS = {"ك": "ک", "ي": "ی", "ه": "ہ", "ى": "ی"}
HAMZA = {"أ": "ا", "إ": "ا", "آ": "ا"}
TASHKEEL = ("\u064e", "\u064f", "\u0650", "\u0651", "\u0652")
EN_VOWELS = "aeiou"
PHONETIC_EN = (
    ("ph", "f"),
    ("c", "k"),
    ("tion", "shun"),
    ("ee", "i"),
    ("ou", "u"),
    ("y", "i"),
    ("er", "ar"),
)
AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

EN_NUMBERS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)
AR_YEARS = {
    0: "بدون خبرة",
    1: "سنة واحدة",
    2: "سنتين",
    3: "ثلاث سنوات",
    4: "أربع سنوات",
    5: "خمس سنوات",
    6: "ست سنوات",
    7: "سبع سنوات",
    8: "ثماني سنوات",
    9: "تسع سنوات",
    10: "عشر سنوات",
}

EDUCATION_WORDS: dict[int, tuple[str, ...]] = {
    EDUCATION_NONE: ("none", "no schooling", "أمي", "لا يوجد", "بدون", "illiterate", "-"),
    PRIMARY: ("primary", "grade 6", "ابتدائي", "الصف السادس", "basic education", "إعدادي"),
    SECONDARY: (
        "high school",
        "12th grade",
        "ثانوية عامة",
        "دبلوم عام",
        "General Diploma",
        "الصف الثاني عشر",
        "SSC / HSC",
        "secondary",
    ),
    DIPLOMA: ("diploma", "Higher Diploma", "دبلوم", "دبلوم بعد الثانوية", "OND", "HND", "Dip."),
    BACHELOR: (
        "bachelor",
        "BSc",
        "B.Com",
        "بكالوريوس",
        "جامعي",
        "Bachelor degree in engineering",
        "BA",
        "ليسانس",
        "Degree",
    ),
    MASTER: ("master", "MBA", "MSc", "ماجستير", "Masters", "M.A."),
    DOCTORATE: ("PhD", "doctorate", "دكتوراه", "Ph.D.", "Dr."),
}
EDUCATION_MIN_EN = ("{} or above", "min. {}", "at least {}", "{}+", "{} minimum")
EDUCATION_MIN_AR = ("{} فما فوق", "{} على الأقل", "لا يقل عن {}", "حد أدنى {}")

# Governorates in spellings people use, and towns (wilayat and places) of each.
GOVERNORATE_SPELLINGS: dict[str, tuple[str, ...]] = {
    "muscat": ("Muscat", "Masqat", "Maskat", "مسقط", "محافظة مسقط", "MUSCAT Gov."),
    "dhofar": ("Dhofar", "Dhufar", "Zufar", "ظفار", "محافظة ظفار", "Dofar"),
    "musandam": ("Musandam", "Musandum", "مسندم", "Musandam peninsula"),
    "al_buraimi": ("Buraimi", "Al-Buraymi", "البريمي", "Burimi", "محافظة البريمي"),
    "ad_dakhiliyah": ("Dakhiliya", "Al Dakhliyah", "Interior", "الداخلية", "Dakhiliyya"),
    "north_al_batinah": (
        "Batinah North",
        "N. Batinah",
        "Shamal Al Batinah",
        "شمال الباطنة",
        "الباطنة شمال",
        "North Batna",
    ),
    "south_al_batinah": (
        "Batinah South",
        "S. Batinah",
        "Janoob Al Batinah",
        "جنوب الباطنة",
        "الباطنة جنوب",
        "South Batna",
    ),
    "south_ash_sharqiyah": (
        "Sharqiya South",
        "South Sharqiyah",
        "جنوب الشرقية",
        "الشرقية جنوب",
        "S. Sharkiya",
    ),
    "north_ash_sharqiyah": (
        "Sharqiya North",
        "North Sharqiyah",
        "شمال الشرقية",
        "الشرقية شمال",
        "N. Sharkiya",
    ),
    "ad_dhahirah": ("Dhahira", "Al Dhahirah", "Zahira", "الظاهرة", "Dahirah"),
    "al_wusta": ("Wusta", "Al-Wusta", "الوسطى", "Central region", "Wosta"),
}
TOWNS: dict[str, tuple[str, ...]] = {
    "muscat": ("Seeb", "السيب", "Bawshar", "بوشر", "Muttrah", "مطرح", "Amerat", "العامرات", "Ruwi"),
    "dhofar": ("Salalah", "صلالة", "Taqah", "طاقة", "Mirbat", "مرباط", "Thumrait", "ثمريت"),
    "musandam": ("Khasab", "خصب", "Bukha", "بخا", "Dibba", "دبا"),
    "al_buraimi": ("Mahdah", "محضة", "Sunaynah", "السنينة"),
    "ad_dakhiliyah": ("Nizwa", "نزوى", "Bahla", "بهلاء", "Samail", "سمائل", "Izki", "إزكي"),
    "north_al_batinah": ("Sohar", "صحار", "Shinas", "شناص", "Saham", "صحم", "Suwaiq", "السويق"),
    "south_al_batinah": ("Rustaq", "الرستاق", "Barka", "بركاء", "Musanaah", "المصنعة", "Nakhal"),
    "south_ash_sharqiyah": ("Sur", "صور", "Jaalan Bani Bu Ali", "جعلان بني بو علي", "Masirah"),
    "north_ash_sharqiyah": ("Ibra", "إبراء", "Mudhaibi", "المضيبي", "Bidiyah", "بدية"),
    "ad_dhahirah": ("Ibri", "عبري", "Yanqul", "ينقل", "Dhank", "ضنك"),
    "al_wusta": ("Duqm", "الدقم", "Haima", "هيماء", "Mahout", "محوت"),
}
TOWN_FRAMES = ("{}", "{}, Oman", "ولاية {}", "{} city", "{} - Sultanate of Oman", "{} area")
# How many people live in each governorate, roughly, as weights for drawing.
GOVERNORATE_WEIGHTS = {
    "muscat": 30,
    "north_al_batinah": 16,
    "south_al_batinah": 10,
    "ad_dakhiliyah": 10,
    "dhofar": 10,
    "north_ash_sharqiyah": 5,
    "south_ash_sharqiyah": 6,
    "ad_dhahirah": 5,
    "al_buraimi": 3,
    "al_wusta": 2,
    "musandam": 2,
}

WILLING_YES = (
    True,
    "yes",
    "Yes, anywhere in Oman",
    "نعم",
    "مستعد للانتقال لأي محافظة",
    "ok to relocate",
    "Y",
    "ايوه",
    "any location",
)
WILLING_NO = (False, "no", "لا", "only in my wilayat", "لا أرغب بالانتقال", "N", "near home only")

# Share of the jobseekers drawn near a vacancy (the rest anywhere).
NEAR_SHARE = 0.33


def generate_dataset_e(
    *, vacancies: int, jobseekers: int, seed: int, taxonomy: Any
) -> Iterator[dict[str, Any]]:
    """The lines of a dataset in the fifth phrasing: vacancies, jobseekers, relevant pairs.
    `taxonomy` is accepted for the same signature as the others; the latent profiles are drawn
    from the taxonomy's files of codes and canonical labels."""
    del taxonomy
    rng = random.Random(seed * 104_729 + 55)  # noqa: S311 (synthetic data, reproducible by seed)
    pools = _pools()
    writer = _Writer(rng)
    latent_vacancies = [_draw_vacancy(rng, pools) for _ in range(vacancies)]
    latent_jobseekers = [_draw_jobseeker(rng, pools, latent_vacancies) for _ in range(jobseekers)]
    for number, latent in enumerate(latent_vacancies):
        yield writer.line("vacancy", f"e-v{number}", latent)
    for number, latent in enumerate(latent_jobseekers):
        yield writer.line("jobseeker", f"e-j{number}", latent)
    yield from phrasing.relevant_pairs(latent_vacancies, latent_jobseekers, prefix="e")


# -- latent profiles ------------------------------------------------------------------------


def _read(name: str) -> list[dict[str, str]]:
    with (_DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def _pools() -> dict[str, Any]:
    """Occupations with their essential and optional skills, titles, labels, from the files."""
    essential: dict[str, list[str]] = defaultdict(list)
    optional: dict[str, list[str]] = defaultdict(list)
    for row in _read("occupation_skills.csv"):
        if len(row["isco"]) == 4:
            target = essential if row["relation"] == "essential" else optional
            target[row["isco"]].append(row["skill"])
    occupations = sorted(
        code for code in essential if len(essential[code]) + len(optional[code]) >= 3
    )
    titles = {row["code"]: (row["title_en"], row["title_ar"]) for row in _read("isco08.csv")}
    skills = {row["code"]: (row["label_en"], row["label_ar"]) for row in _read("skills.csv")}
    general = [row["code"] for row in _read("skills.csv") if row["domain"] == "general"]
    by_minor: dict[str, list[str]] = defaultdict(list)
    for code in titles:
        if len(code) == 4:
            by_minor[code[:3]].append(code)
    # A few occupations are far more common in vacancies (Zipf-like weights by a fixed order).
    order = sorted(occupations, key=lambda code: (hash_code(code), code))
    weights = {code: 1.0 / (1 + rank) ** 0.6 for rank, code in enumerate(order)}
    return {
        "occupations": occupations,
        "weights": [weights[code] for code in occupations],
        "essential": dict(essential),
        "optional": dict(optional),
        "titles": titles,
        "skills": skills,
        "general": general,
        "by_minor": dict(by_minor),
    }


def hash_code(code: str) -> int:
    """A stable order of occupations that does not follow their codes (no Python hash)."""
    value = 0
    for char in code:
        value = (value * 131 + ord(char)) % 1_000_003
    return (value * 7_919) % 1_000_003


def _typical_education(occupation: str) -> int:
    major = occupation[0]
    return {"1": BACHELOR, "2": BACHELOR, "3": DIPLOMA, "4": SECONDARY, "5": SECONDARY}.get(
        major, PRIMARY if major in "6789" else SECONDARY
    )


def _governorate(rng: random.Random) -> str:
    return rng.choices(list(GOVERNORATE_WEIGHTS), weights=list(GOVERNORATE_WEIGHTS.values()))[0]


def _draw_vacancy(rng: random.Random, pools: dict[str, Any]) -> dict[str, Any]:
    occupation = rng.choices(pools["occupations"], weights=pools["weights"])[0]
    essential = pools["essential"][occupation]
    optional = pools["optional"].get(occupation, [])
    required = set(rng.sample(essential, k=max(1, len(essential) - rng.randint(0, 1))))
    extra = [code for code in optional if code not in required]
    required |= set(rng.sample(extra, k=min(len(extra), rng.randint(1, 3))))
    if rng.random() < 0.3:
        required.add(rng.choice(pools["general"]))
    typical = _typical_education(occupation)
    return {
        "occupation": occupation,
        "skills": frozenset(required),
        "education": max(0, typical - rng.choice((0, 0, 1, 1, 2))),
        "years": rng.choices((0, 1, 2, 3, 4, 5, 7, 10), weights=(14, 12, 18, 18, 8, 14, 8, 8))[0],
        "governorate": _governorate(rng),
        "willing": False,
    }


def _draw_jobseeker(
    rng: random.Random, pools: dict[str, Any], vacancies: list[dict[str, Any]]
) -> dict[str, Any]:
    if vacancies and rng.random() < NEAR_SHARE:
        return _near(rng, pools, rng.choice(vacancies))
    occupation = rng.choice(pools["occupations"])
    pool = pools["essential"][occupation] + pools["optional"].get(occupation, [])
    held = set(rng.sample(pool, k=rng.randint(min(2, len(pool)), len(pool))))
    return _person(rng, pools, occupation, held, _governorate(rng))


def _near(rng: random.Random, pools: dict[str, Any], vacancy: dict[str, Any]) -> dict[str, Any]:
    """A jobseeker drawn near a vacancy: its occupation, most of its skills, often its place."""
    occupation = vacancy["occupation"]
    keep = rng.choice((0.5, 0.7, 0.85, 1.0))
    held = {code for code in sorted(vacancy["skills"]) if rng.random() < keep}
    pool = pools["essential"][occupation] + pools["optional"].get(occupation, [])
    held |= {code for code in pool if rng.random() < 0.3}
    governorate = vacancy["governorate"] if rng.random() < 0.75 else _governorate(rng)
    person = _person(rng, pools, occupation, held, governorate)
    if rng.random() < 0.7:
        person["education"] = max(person["education"], vacancy["education"])
        person["years"] = max(person["years"], vacancy["years"] + rng.choice((-1, 0, 0, 1, 3)))
    return person


def _person(
    rng: random.Random,
    pools: dict[str, Any],
    occupation: str,
    held: set[str],
    governorate: str,
) -> dict[str, Any]:
    if rng.random() < 0.5:
        held.add(rng.choice(pools["general"]))
    typical = _typical_education(occupation)
    return {
        "occupation": occupation,
        "skills": frozenset(held),
        "education": min(DOCTORATE, max(0, typical + rng.choice((-1, 0, 0, 0, 1)))),
        "years": min(30, int(rng.expovariate(1 / 5))),
        "governorate": governorate,
        "willing": rng.random() < 0.25,
    }


# -- writing the fields ---------------------------------------------------------------------


class _Writer:
    """Writes a latent profile as a person in Oman would type it."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.pools = _pools()

    def line(self, kind: str, identifier: str, latent: dict[str, Any]) -> dict[str, Any]:
        seeker = kind == "jobseeker"
        arabic_writer = self.rng.random() < 0.45  # this person mostly writes in Arabic
        phrases = [
            self.skill(code, seeker=seeker, arabic=arabic_writer)
            for code in sorted(latent["skills"])
        ]
        phrases.sort()
        self.rng.shuffle(phrases)
        if seeker and len(phrases) >= 3 and self.rng.random() < 0.05:
            # a CV import that put several skills in one field
            cut = self.rng.randint(2, len(phrases))
            joiner = self.rng.choice((", ", "، ", " / ", "; ", " - "))
            phrases = [joiner.join(phrases[:cut]), *phrases[cut:]]
        if self.rng.random() < 0.15:
            words = NOT_SKILLS_AR if arabic_writer else NOT_SKILLS_EN
            phrases.insert(self.rng.randint(0, len(phrases)), self.rng.choice(words))
        line: dict[str, Any] = {"type": kind, "id": identifier, "skills": phrases}
        values = {
            "isco": self.occupation(latent["occupation"], seeker=seeker, arabic=arabic_writer),
            "education": self.education(latent["education"], seeker=seeker),
            "governorate": self.governorate(latent["governorate"], arabic=arabic_writer),
            "years_experience": self.years(latent["years"], seeker=seeker),
        }
        line.update({key: value for key, value in values.items() if value is not None})
        if seeker:
            willing = self.willing(latent["willing"])
            if willing is not None:
                line["willing_to_relocate"] = willing
        return line

    # skills

    def skill(self, code: str, *, seeker: bool, arabic: bool) -> str:
        rng = self.rng
        english, arabic_label = self.pools["skills"][code]
        own = OWN_WORDS.get(code, ())
        roll = rng.random()
        if code in ARABIZI and roll < 0.04:
            text = ARABIZI[code]
        elif own and roll < 0.5:
            text = rng.choice(own)
        elif roll < 0.5:
            text = self._paraphrase_english(english) if rng.random() < 0.5 else arabic_label
        elif arabic or roll < 0.62:
            text = _strip_brackets(arabic_label) if rng.random() < 0.5 else arabic_label
        else:
            text = self._paraphrase_english(english)
        if rng.random() < 0.35:
            text = self._frame(text, seeker=seeker)
        if rng.random() < 0.3:
            text = self._typo(text)
        return self._spacing_and_case(text)

    def _paraphrase_english(self, label: str) -> str:
        rng = self.rng
        text = _strip_brackets(label) if rng.random() < 0.6 else label
        words = text.split()
        roll = rng.random()
        if roll < 0.2 and len(words) >= 2:
            # word order: "wiring electrical", "Excel spreadsheets"
            cut = rng.randint(1, len(words) - 1)
            words = words[cut:] + words[:cut]
        elif roll < 0.4:
            words = [
                rng.choice(SHORT_WORDS[word.lower()]) if word.lower() in SHORT_WORDS else word
                for word in words
            ]
        elif roll < 0.45 and len(words) >= 3:
            return "".join(word[0] for word in words if word[0].isalpha()).upper()
        return " ".join(words)

    def _frame(self, text: str, *, seeker: bool) -> str:
        rng = self.rng
        frames: tuple[str, ...]
        if _is_arabic(text):
            frames = AR_FRAMES_SEEKER if seeker else AR_FRAMES_VACANCY
            # now and then an English frame round Arabic words, or the reverse
            if rng.random() < 0.15:
                frames = EN_FRAMES_SEEKER if seeker else EN_FRAMES_VACANCY
        else:
            frames = EN_FRAMES_SEEKER if seeker else EN_FRAMES_VACANCY
            if rng.random() < 0.25:
                frames = AR_FRAMES_SEEKER if seeker else AR_FRAMES_VACANCY
        return rng.choice(frames).format(text)

    def _typo(self, text: str) -> str:
        rng = self.rng
        if _is_arabic(text):
            kind = rng.randrange(6)
            if kind == 0:
                return "".join(URDU_LETTERS.get(char, char) for char in text)
            if kind == 1:
                return text.replace("ة", "ه").replace("ى", "ي")
            if kind == 2:
                return "".join(HAMZA.get(char, char) for char in text)
            if kind == 3:
                return "".join(
                    char + rng.choice(TASHKEEL)
                    if "\u0621" <= char <= "\u064a" and rng.random() < 0.15
                    else char
                    for char in text
                )
            if kind == 4:
                return _tatweel(rng, text)
            return re.sub(r"(^|\s)ال", r"\1", text, count=1) if "ال" in text else _swap(rng, text)
        kind = rng.randrange(5)
        if kind == 0:
            return _swap(rng, text)
        if kind == 1:
            # SMS style: the inner vowels of the longest word dropped
            longest = max(text.split(), key=len)
            inner = (
                longest[0]
                + "".join(c for c in longest[1:-1] if c.lower() not in EN_VOWELS)
                + longest[-1]
            )
            return text.replace(longest, inner, 1) if len(longest) > 4 else _swap(rng, text)
        if kind == 2:
            # a sticky key
            index = rng.randrange(len(text))
            return text[: index + 1] + text[index] + text[index + 1 :]
        if kind == 3:
            for wrong, right in rng.sample(PHONETIC_EN, k=len(PHONETIC_EN)):
                if wrong in text.lower():
                    index = text.lower().index(wrong)
                    return text[:index] + right + text[index + len(wrong) :]
            return _swap(rng, text)
        return text.replace(" ", "", 1) if " " in text else _swap(rng, text)

    def _spacing_and_case(self, text: str) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.08:
            text = text.upper()
        elif roll < 0.25:
            text = text.lower()
        elif roll < 0.3:
            text = text.title()
        roll = rng.random()
        if roll < 0.08:
            text = f" {text}  "
        elif roll < 0.13:
            text = text.replace(" ", "  ", 1)
        elif roll < 0.17:
            text += rng.choice((".", ",", " .", "!", "؛"))
        return text

    # occupation

    def occupation(self, code: str, *, seeker: bool, arabic: bool) -> str | int | None:
        rng = self.rng
        written = code
        if seeker:
            roll = rng.random()
            if roll < 0.2:
                return None
            if roll < 0.32:
                cousins = [c for c in self.pools["by_minor"].get(code[:3], []) if c != code]
                written = rng.choice(cousins) if cousins else code[:3]
            elif roll < 0.42:
                written = code[: rng.choice((2, 3))]
        titles = self.pools["titles"].get(written)
        roll = rng.random()
        if titles and roll < 0.3:
            title = titles[1] if arabic or rng.random() < 0.3 else titles[0]
            return self._spacing_and_case(self._typo(title) if rng.random() < 0.15 else title)
        if titles and roll < 0.38:
            return f"{written} - {titles[0]}"
        if roll < 0.48:
            return written.translate(AR_DIGITS)
        if roll < 0.55 and not written.startswith("0"):
            return int(written)
        if roll < 0.62:
            return rng.choice(("ISCO {}", "isco08:{}", "Code {}", "رمز المهنة {}")).format(written)
        if roll < 0.66 and len(written) == 4:
            return f"{written[:2]} {written[2:]}"
        return written

    # education and experience

    def education(self, rank: int, *, seeker: bool) -> str | None:
        rng = self.rng
        if rng.random() < 0.07:
            return None
        if not seeker and rank == EDUCATION_NONE and rng.random() < 0.6:
            return rng.choice(("not required", "لا يشترط مؤهل", "any", "غير مطلوب"))
        word = rng.choice(EDUCATION_WORDS[rank])
        if not seeker and rank > EDUCATION_NONE and rng.random() < 0.4:
            frames = EDUCATION_MIN_AR if _is_arabic(word) else EDUCATION_MIN_EN
            word = rng.choice(frames).format(word)
        if rng.random() < 0.15:
            word = self._typo(word) if len(word) > 3 else word
        return self._spacing_and_case(word)

    def years(self, years: int, *, seeker: bool) -> str | int | None:
        rng = self.rng
        if rng.random() < 0.06:
            return None
        roll = rng.random()
        if not seeker:
            if roll < 0.2:
                return years
            if roll < 0.35:
                return f"{years}-{years + rng.choice((2, 3, 5))} years"
            if roll < 0.5:
                return f"min {years} yrs" if years else "fresh graduates welcome"
            if roll < 0.65:
                return f"لا تقل عن {years} سنوات" if years else "لا يشترط خبرة"
            if roll < 0.75:
                return f"{years}+"
            if roll < 0.85 and years < len(EN_NUMBERS):
                return f"at least {EN_NUMBERS[years]} years"
            return str(years).translate(AR_DIGITS) + " سنوات"
        if roll < 0.25:
            return years
        if roll < 0.35:
            return str(years)
        if roll < 0.47:
            return f"{years} yrs" if years != 1 else "1 year"
        if roll < 0.57 and years in AR_YEARS:
            return AR_YEARS[years]
        if roll < 0.65 and years < len(EN_NUMBERS):
            return f"{EN_NUMBERS[years]} years"
        if roll < 0.73 and years <= 3:
            months = years * 12 + rng.choice((0, 3, 6))
            return f"{months} months" if rng.random() < 0.5 else f"{months} شهر"
        if roll < 0.8 and years == 0:
            return rng.choice(("fresh graduate", "خريج جديد", "no experience"))
        if roll < 0.86 and years >= 10:
            return rng.choice(("10+", "more than 10 years", "أكثر من ١٠ سنوات"))
        if roll < 0.93:
            return str(years).translate(AR_DIGITS) + " سنوات"
        return f"{years} years exp."

    # place

    def governorate(self, code: str, *, arabic: bool) -> str | None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.03:
            return None
        if roll < 0.35:
            town = rng.choice(TOWNS[code])
            return rng.choice(TOWN_FRAMES).format(town)
        spellings = GOVERNORATE_SPELLINGS[code]
        arabic_spellings = [s for s in spellings if _is_arabic(s)]
        if arabic and arabic_spellings and rng.random() < 0.7:
            text = rng.choice(arabic_spellings)
        else:
            text = rng.choice(spellings)
        if not _is_arabic(text) and rng.random() < 0.15:
            text += rng.choice((" Governorate", " Region", " gov"))
        return self._spacing_and_case(text)

    def willing(self, willing: bool) -> Any:
        rng = self.rng
        if willing:
            return rng.choice(WILLING_YES)
        return rng.choice(WILLING_NO) if rng.random() < 0.3 else None


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in text)


def _strip_brackets(text: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", text).strip() or text


def _swap(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    index = rng.randrange(1, len(text) - 2)
    return text[:index] + text[index + 1] + text[index] + text[index + 2 :]


def _tatweel(rng: random.Random, text: str) -> str:
    joinable = [
        i
        for i in range(len(text) - 1)
        if text[i] in "بتثجحخسشصضطظعغفقكلمنهي" and text[i + 1] != " "
    ]
    if not joinable:
        return text
    index = rng.choice(joinable)
    return text[: index + 1] + "ـ" * rng.randint(1, 3) + text[index + 1 :]

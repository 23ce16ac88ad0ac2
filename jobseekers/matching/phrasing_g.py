"""A seventh dataset generator, written without reading the matcher, the resolver or the
other generators, so that it stays held out (issue 24).

It draws latent vacancies and jobseekers from the taxonomy's files of codes and canonical
labels only (ISCO-08 groups, skills with their English and Arabic labels, the skills of each
group, governorates, education levels) and writes every field its own way, as people in Oman
type a form or a CV import turns into text:

* skills: its own paraphrases and job-ad wording in English ("hands-on exp. with ...",
  "able to ..."), Gulf colloquial Arabic ("أعرف أسوي ...", "شغلي في ..."), English words with
  Arabic framing and the reverse, Arabizi spellings of Arabic labels, its own abbreviations
  ("maint.", "mgmt", "ops"), CV bullets and numbering, and its own kinds of slips: vowels
  written as heard, a letter typed twice on a sticky key, Arabic tatweel and short vowels,
  a hamza dropped, a teh marbuta written as heh, a word left half typed, stray punctuation;
* occupations: absent, a neighbouring unit group, a broader group (minor or sub-major), the
  code in Arabic-Indic digits or with a label, or a job title with a seniority word;
* education, experience and willingness to move as people write them in both languages;
* governorates in several spellings, or as a town (wilayah) of it.

Relevance is the issue's rule (`phrasing.relevant_by_issue_rule`), on the latent profiles.
About 40% of the jobseekers are drawn near a vacancy (applicant-like), so that most
vacancies have a handful of relevant jobseekers and few have more than twenty.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from jobseekers.matching import phrasing
from taxonomy import loading

_NEAR_SHARE = 0.4

# Governorate codes with their spellings and some of their towns (written from knowledge of
# Oman, not from the project's lists).
_PLACES: dict[str, tuple[list[str], list[str]]] = {
    "muscat": (
        ["Muscat", "MUSCAT", "muscat governorate", "Masqat", "مسقط", "محافظة مسقط", "Muskat"],
        [
            "Seeb",
            "Al Seeb",
            "السيب",
            "Bausher",
            "بوشر",
            "Muttrah",
            "مطرح",
            "Al Amerat",
            "العامرات",
            "Qurayyat",
            "قريات",
            "Al Khoudh, Seeb",
            "Ruwi",
            "الخوض",
        ],
    ),
    "dhofar": (
        ["Dhofar", "DHOFAR", "Zufar", "ظفار", "محافظة ظفار", "Dhofar Gov."],
        ["Salalah", "صلالة", "صلاله", "Taqah", "طاقة", "Mirbat", "مرباط", "Thumrait", "ثمريت"],
    ),
    "musandam": (
        ["Musandam", "مسندم", "Musandem"],
        ["Khasab", "خصب", "Bukha", "بخا", "Dibba", "دبا"],
    ),
    "al_buraimi": (
        ["Buraimi", "Al-Buraimi", "Buraymi", "البريمي", "البريمى"],
        ["Mahdah", "محضة", "Al Sunaynah", "السنينة"],
    ),
    "ad_dakhiliyah": (
        ["Dakhiliya", "Al Dakhliyah", "Interior", "الداخلية", "الداخليه"],
        [
            "Nizwa",
            "نزوى",
            "نزوي",
            "Bahla",
            "بهلاء",
            "Sumail",
            "سمائل",
            "Adam",
            "أدم",
            "Izki",
            "إزكي",
        ],
    ),
    "north_al_batinah": (
        ["North Batinah", "Batinah North", "N. Batinah", "شمال الباطنة", "الباطنة شمال"],
        [
            "Sohar",
            "صحار",
            "Saham",
            "صحم",
            "Shinas",
            "شناص",
            "Liwa",
            "لوى",
            "Al Khaburah",
            "الخابورة",
        ],
    ),
    "south_al_batinah": (
        ["South Batinah", "Batinah South", "S. Batinah", "جنوب الباطنة", "الباطنة جنوب"],
        [
            "Barka",
            "بركاء",
            "بركا",
            "Rustaq",
            "Al Rustaq",
            "الرستاق",
            "Al Musannah",
            "المصنعة",
            "Nakhal",
            "نخل",
        ],
    ),
    "north_ash_sharqiyah": (
        ["North Sharqiyah", "Sharqiya North", "شمال الشرقية", "الشرقية شمال"],
        ["Ibra", "إبراء", "ابرا", "Al Mudaybi", "المضيبي", "Bidiyah", "بدية", "Al Qabil", "القابل"],
    ),
    "south_ash_sharqiyah": (
        ["South Sharqiyah", "Sharqiya South", "جنوب الشرقية", "الشرقية جنوب"],
        [
            "Sur",
            "Sur city",
            "صور",
            "Jalan Bani Bu Ali",
            "جعلان بني بو علي",
            "Al Kamil",
            "الكامل والوافي",
            "Masirah",
            "مصيرة",
        ],
    ),
    "ad_dhahirah": (
        ["Dhahirah", "Al Dhahira", "الظاهرة", "الظاهره"],
        ["Ibri", "عبري", "Yanqul", "ينقل", "Dhank", "ضنك"],
    ),
    "al_wusta": (
        ["Wusta", "Al Wusta", "Al-Wusta", "الوسطى", "الوسطي"],
        ["Duqm", "الدقم", "Haima", "هيماء", "Mahout", "محوت"],
    ),
}
_GOVERNORATE_WEIGHTS = {
    "muscat": 34,
    "north_al_batinah": 15,
    "dhofar": 10,
    "south_al_batinah": 10,
    "ad_dakhiliyah": 9,
    "north_ash_sharqiyah": 5,
    "south_ash_sharqiyah": 5,
    "ad_dhahirah": 5,
    "al_buraimi": 3,
    "al_wusta": 2,
    "musandam": 2,
}

# Education by rank: how a jobseeker writes what they hold, and how an advert writes a minimum.
_EDUCATION_HELD: dict[int, list[str]] = {
    0: ["لا يوجد", "بدون شهادة", "no schooling", "None", "-", "ما درست", "لا أقرأ ولا أكتب"],
    1: [
        "ابتدائي",
        "سادس ابتدائي",
        "primary school",
        "Grade 6",
        "إعدادي",
        "till class 7",
        "Basic education (grade 9)",
    ],
    2: [
        "ثانوية عامة",
        "دبلوم التعليم العام",
        "الصف الثاني عشر",
        "Grade 12",
        "12th pass",
        "High school",
        "thanawiya",
        "General Education Diploma (GED)",
        "ثانويه",
    ],
    3: [
        "دبلوم",
        "Diploma in IT",
        "HND",
        "Higher Diploma",
        "دبلوم كلية التقنية",
        "دبلوم بعد العام",
        "diploma (2 yrs college)",
        "OND",
    ],
    4: [
        "بكالوريوس",
        "BSc",
        "B.Sc. Engineering",
        "bachelor",
        "BA English",
        "جامعي",
        "خريج جامعة السلطان قابوس",
        "B.Com",
        "بكالريوس",
    ],
    5: ["ماجستير", "MSc", "MBA", "Master degree", "ماجستير إدارة أعمال", "M.A."],
    6: ["دكتوراه", "PhD", "Ph.D", "دكتوراة", "Doctorate"],
}
_EDUCATION_MINIMUM: dict[int, list[str]] = {
    0: ["no qualification needed", "لا يشترط مؤهل", "Any", "غير مطلوب"],
    1: ["primary at least", "يقرأ ويكتب (ابتدائي)", "basic education", "ابتدائي فأعلى"],
    2: [
        "min. 12th grade",
        "ثانوية عامة على الأقل",
        "High school or above",
        "Grade 12 pass",
        "شهادة الدبلوم العام",
    ],
    3: ["Diploma min.", "دبلوم فأعلى", "diploma or higher", "دبلوم تقني", "HND / Diploma"],
    4: [
        "Bachelor degree",
        "بكالوريوس في التخصص",
        "BSc or equivalent",
        "مؤهل جامعي",
        "Graduate (Bachelor's)",
    ],
    5: ["Master's preferred (required)", "ماجستير", "MSc / MBA", "Masters degree"],
    6: ["PhD", "دكتوراه في التخصص", "Doctorate required"],
}

_EN_NUMBERS = [
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
]
_AR_NUMBERS = [
    "صفر",
    "سنة",
    "سنتين",
    "ثلاث سنوات",
    "أربع سنوات",
    "خمس سنوات",
    "ست سنوات",
    "سبع سنوات",
    "ثمان سنوات",
    "تسع سنوات",
    "عشر سنوات",
    "إحدى عشرة سنة",
    "اثنتا عشرة سنة",
]
_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

_WILLING = [
    "yes",
    "Yes, anywhere in Oman",
    "ready to relocate",
    "مستعد للانتقال",
    "نعم",
    "ما عندي مانع",
    "أي مكان",
    "ok",
    "Y",
    "willing",
    "نعم أي محافظة",
]
_NOT_WILLING = ["no", "لا", "أفضل العمل في ولايتي", "near home only", "N", "لا أرغب"]

# Words in CVs that are not skills.
_FILLERS = [
    "hard working",
    "مجتهد",
    "honest and punctual",
    "ملتزم بالمواعيد",
    "quick learner",
    "أحب العمل",
    "team player!!",
    "Omani national",
    "عندي سيارة",
]

# Own abbreviations of English words in skill phrases.
_ABBREVIATIONS = {
    "management": "mgmt",
    "maintenance": "maint.",
    "operations": "ops",
    "operation": "op.",
    "installation": "instal.",
    "administration": "admin",
    "engineering": "engg",
    "and": "&",
    "customer": "cust.",
    "service": "svc",
    "equipment": "equip.",
    "systems": "sys",
    "electrical": "elec.",
    "technology": "tech",
    "preparation": "prep",
    "accounting": "a/c",
    "development": "dev",
    "repair": "rep.",
    "driving": "drvg",
}

# A few skills as people say them, in their own words (English, Gulf Arabic, Arabizi).
_OWN_WORDS: dict[str, list[str]] = {
    "customer_service": [
        "dealing with customers",
        "التعامل مع الزباين",
        "خدمة الزبائن",
        "khedmat el 3omala",
    ],
    "communication": ["good communicator", "أسلوب حلو في الكلام", "communication (verbal)"],
    "teamwork": ["work in a team", "أشتغل مع فريق", "team work"],
    "english_language": [
        "English (spoken & written)",
        "انجليزي ممتاز",
        "engilsh fluent",
        "اللغه الانجليزيه",
    ],
    "arabic_language": ["Arabic mother tongue", "عربي", "arabic native"],
    "computer_literacy": [
        "basic computer",
        "أعرف الكمبيوتر",
        "computer knowledge",
        "استخدام الحاسب الآلي",
    ],
    "ms_excel": ["excel sheets", "اكسل", "MS-Excel (pivot)", "Exel"],
    "ms_word": ["word processing (Word)", "وورد", "MS word typing"],
    "first_aid": ["first-aid certified", "اسعافات اولية", "is3afat awaliya"],
    "occupational_safety": ["safety at work", "السلامة في موقع العمل", "HSE awareness"],
    "light_vehicle_driving": ["I drive light vehicles", "سواقة سيارة صغيرة", "LV driver"],
    "heavy_vehicle_driving": ["heavy vehicle driver", "سواق شاحنة", "HV driving", "سواقة تريلا"],
    "driving_licence_light": [
        "light driving licence",
        "ليسن خفيف",
        "Oman LV licence",
        "رخصة سياقة خفيفة",
    ],
    "driving_licence_heavy": ["heavy licence", "ليسن ثقيل", "رخصة ثقيلة", "HV license Oman"],
    "forklift_operation": ["fork lift driver", "سواق رافعة شوكية", "فوركلفت"],
    "arc_welding": ["stick welding (SMAW)", "لحام كهرباء", "arc welder"],
    "electrical_wiring": ["house wiring", "تمديدات كهرباء", "تسليك كهربائي", "wiring works"],
    "ac_maintenance": ["A/C repair", "تصليح مكيفات", "split AC servicing", "فني مكيفات"],
    "plumbing_installation": ["plumbing works", "سباكة", "تمديد مواسير"],
    "cash_handling": ["handling cash", "التعامل مع الكاش", "cashier work"],
    "food_preparation": ["cooking", "طبخ", "preparing meals", "تجهيز الأكل"],
    "housekeeping": ["house keeping", "تنظيف غرف", "room cleaning"],
    "data_entry": ["data-entry", "ادخال بيانات", "entering data on system"],
    "bookkeeping": ["book keeping", "مسك دفاتر", "daftar hesabat"],
    "patient_care": ["caring for patients", "رعاية المرضى", "العناية بالمريض"],
    "lesson_planning": ["preparing lessons", "تحضير الدروس", "lesson plans"],
    "security_patrolling": ["patrol duties", "حراسة وتجول", "guard patrol"],
    "sales_techniques": ["selling", "مبيعات", "closing sales"],
    "python": ["Python3", "بايثون", "python scripting"],
    "autocad": ["Auto CAD", "اوتوكاد", "autocad 2D drafting"],
    "masonry": ["block work", "بناء طابوق", "mason work"],
    "tiling": ["tile fixing", "تبليط", "كاشي وسيراميك"],
    "carpentry": ["wood work", "نجارة", "najjara"],
    "painting_decorating": ["painting works", "صباغة", "صبغ جدران"],
    "gardening": ["garden work", "زراعة حدائق", "landscape gardening"],
    "date_palm_care": ["palm tree care", "رعاية النخيل", "تنبيت النخل"],
    "fishing": ["fisherman", "صيد سمك", "sayd samak"],
    "hairdressing": ["hair cutting", "حلاقة", "barber"],
    "tailoring": ["sewing & tailoring", "خياطة", "khiyata"],
    "recruitment": ["hiring staff", "توظيف", "talent hunting"],
    "payroll": ["salary processing", "رواتب", "WPS payroll"],
    "vat_tax": ["VAT returns Oman", "ضريبة القيمة المضافة", "vat filing"],
    "labour_law": ["Oman labour law", "قانون العمل العماني", "labor law knowledge"],
    "government_relations": ["PRO work", "تخليص معاملات", "mandoob"],
}

_EN_FRAMES = [
    "{}",
    "{}",
    "{}",
    "exp. in {}",
    "hands-on {}",
    "{} (3 yrs)",
    "good at {}",
    "{} - advanced",
    "{} skills",
    "knowledge of {}",
    "certified in {}",
    "{} etc",
]
_AR_FRAMES = [
    "{}",
    "{}",
    "{}",
    "خبرة في {}",
    "أعرف {}",
    "شغلي في {}",
    "{} ممتاز",
    "إجادة {}",
    "دورة في {}",
    "ملم بـ{}",
    "أقدر على {}",
]
_BULLETS = ["", "", "", "", "• ", "- ", "* ", "1) ", "✓ "]

_ARABIZI = {
    "ا": "a",
    "أ": "a",
    "إ": "e",
    "آ": "a",
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "7",
    "خ": "5",
    "د": "d",
    "ذ": "th",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "6",
    "ظ": "z",
    "ع": "3",
    "غ": "gh",
    "ف": "f",
    "ق": "g",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ة": "a",
    "و": "w",
    "ي": "y",
    "ى": "a",
    "ء": "2",
    "ئ": "2",
    "ؤ": "2",
    " ": " ",
}
_SHORT_VOWELS = ["\u064e", "\u064f", "\u0650", "\u0651", "\u0652"]
_HEARD_VOWELS = {"a": "e", "e": "i", "i": "e", "o": "u", "u": "o"}


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


class _Pools:
    """The codes and canonical labels the latent profiles are drawn from, in sorted order."""

    def __init__(self) -> None:
        isco = loading.isco08_rows()
        self.titles = {row["code"]: (row["title_en"], row["title_ar"]) for row in isco}
        self.skills = {
            row["code"]: (row["label_en"], row["label_ar"]) for row in loading.skill_rows()
        }
        links = loading.occupation_skill_rows()
        by_group: dict[str, list[str]] = {}
        for link in links:
            by_group.setdefault(link["isco"], []).append(link["skill"])
        self.occupation_skills: dict[str, list[str]] = {}
        for code in sorted(c for c in self.titles if len(c) == 4):
            found: list[str] = []
            for depth in (4, 3, 2, 1):
                for skill in by_group.get(code[:depth], []):
                    if skill not in found and skill in self.skills:
                        found.append(skill)
            if len(found) >= 4:
                self.occupation_skills[code] = found
        self.occupations = sorted(self.occupation_skills)
        self.general = sorted(
            row["code"] for row in loading.skill_rows() if row["domain"] == "general"
        )
        self.governorates = sorted(_GOVERNORATE_WEIGHTS)


def _draw_vacancy(rng: random.Random, pools: _Pools, weights: list[float]) -> dict[str, Any]:
    occupation = rng.choices(pools.occupations, weights)[0]
    own = pools.occupation_skills[occupation]
    pool = own[: max(6, len(own) * 2 // 3)]
    required = rng.sample(pool, rng.randint(3, min(6, len(pool))))
    return {
        "occupation": occupation,
        "skills": frozenset(required),
        "governorate": rng.choices(
            pools.governorates, [_GOVERNORATE_WEIGHTS[g] for g in pools.governorates]
        )[0],
        "education": rng.choices(range(7), [3, 6, 30, 25, 28, 6, 2])[0],
        "years": rng.choices(range(9), [12, 14, 18, 16, 10, 12, 6, 4, 8])[0],
        "willing": False,
    }


def _draw_jobseeker(
    rng: random.Random, pools: _Pools, weights: list[float], vacancies: list[dict[str, Any]]
) -> dict[str, Any]:
    if vacancies and rng.random() < _NEAR_SHARE:
        target = vacancies[rng.randrange(len(vacancies))]
        occupation = target["occupation"]
        own = pools.occupation_skills[occupation]
        skills = {s for s in sorted(target["skills"]) if rng.random() < 0.8}
        skills.update(rng.sample(own, min(len(own), rng.randint(0, 3))))
        governorate = (
            target["governorate"] if rng.random() < 0.8 else rng.choice(pools.governorates)
        )
        step = rng.choices([-1, 0, 1, 2], [15, 50, 25, 10])[0]
        education = min(6, max(0, target["education"] + step))
        years = max(0, target["years"] + rng.randint(-2, 5))
    else:
        occupation = rng.choices(pools.occupations, weights)[0]
        own = pools.occupation_skills[occupation]
        skills = set(rng.sample(own, rng.randint(2, min(7, len(own)))))
        governorate = rng.choices(
            pools.governorates, [_GOVERNORATE_WEIGHTS[g] for g in pools.governorates]
        )[0]
        education = rng.choices(range(7), [4, 8, 34, 22, 26, 5, 1])[0]
        years = rng.choices(range(16), [14, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 3, 2, 2, 2, 2])[0]
    if rng.random() < 0.3:
        skills.add(rng.choice(pools.general))
    return {
        "occupation": occupation,
        "skills": frozenset(skills),
        "governorate": governorate,
        "education": education,
        "years": years,
        "willing": rng.random() < 0.3,
    }


class _Writer:
    """Writes a latent profile as a person types it."""

    def __init__(self, rng: random.Random, pools: _Pools) -> None:
        self.rng = rng
        self.pools = pools

    def line(self, kind: str, identifier: str, latent: dict[str, Any]) -> dict[str, Any]:
        rng = self.rng
        line: dict[str, Any] = {"type": kind, "id": identifier}
        isco = self.occupation(kind, latent["occupation"])
        if isco is not None:
            line["isco"] = isco
        skills = [self.skill(code) for code in sorted(latent["skills"])]
        rng.shuffle(skills)
        if kind == "jobseeker" and len(skills) >= 3 and rng.random() < 0.08:
            first, second = skills.pop(), skills.pop()
            skills.append(f"{first} + {second}" if rng.random() < 0.5 else f"{first} و {second}")
        if kind == "jobseeker" and rng.random() < 0.15:
            skills.insert(rng.randrange(len(skills) + 1), rng.choice(_FILLERS))
        line["skills"] = skills
        if kind == "vacancy" or rng.random() > 0.04:
            line["education"] = self.education(kind, latent["education"])
        line["governorate"] = self.governorate(latent["governorate"])
        line["years_experience"] = self.years(kind, latent["years"])
        if kind == "jobseeker":
            if latent["willing"]:
                line["willing_to_relocate"] = rng.choice([True, *_WILLING])
            elif rng.random() < 0.25:
                line["willing_to_relocate"] = rng.choice([False, *_NOT_WILLING])
        return line

    def occupation(self, kind: str, code: str) -> Any:
        rng = self.rng
        roll = rng.random()
        if kind == "jobseeker":
            if roll < 0.18:
                return None
            if roll < 0.30:
                neighbours = sorted(
                    c for c in self.pools.titles if len(c) == 4 and c[:3] == code[:3] and c != code
                )
                if neighbours:
                    return rng.choice(neighbours)
            elif roll < 0.40:
                return code[: rng.choice([2, 3])]
            elif roll < 0.52:
                return self.title(code)
        elif roll < 0.12:
            return self.title(code)
        style = rng.random()
        if style < 0.55:
            return code
        if style < 0.65:
            return f"Occ. {code}"
        if style < 0.75:
            return code.translate(_INDIC)
        if style < 0.87:
            return f"{code} - {self.pools.titles[code][0]}"
        return f"ISCO-08 {code}" if style < 0.94 else f"{self.pools.titles[code][1]} ({code})"

    def education(self, kind: str, rank: int) -> str:
        table = _EDUCATION_HELD if kind == "jobseeker" else _EDUCATION_MINIMUM
        return self.rng.choice(table[rank])

    def governorate(self, code: str) -> str:
        rng = self.rng
        spellings, towns = _PLACES[code]
        roll = rng.random()
        if roll < 0.45:
            return rng.choice(spellings)
        town = rng.choice(towns)
        if roll < 0.8:
            return town
        return f"{town}, {rng.choice(spellings)}" if roll < 0.92 else f"ولاية {town}"

    def years(self, kind: str, years: int) -> Any:
        rng = self.rng
        roll = rng.random()
        if roll < 0.2:
            return years
        if years == 0:
            if kind == "vacancy":
                return rng.choice(["0", "no experience needed", "لا يشترط خبرة", "fresh"])
            return rng.choice(["fresh graduate", "خريج جديد", "بدون خبرة", "nil", "0 yrs"])
        if roll < 0.35:
            return f"{years} yrs" if rng.random() < 0.5 else f"{years}+ years"
        if roll < 0.5:
            return _AR_NUMBERS[years] if years < len(_AR_NUMBERS) else f"{years} سنة"
        if roll < 0.6:
            arabic = str(years).translate(_INDIC)
            return f"{arabic} سنوات" if years <= 10 else f"{arabic} سنة"
        if roll < 0.7:
            months = years * 12
            return f"{months} months" if rng.random() < 0.5 else f"{months} شهر"
        if roll < 0.8:
            if years < len(_EN_NUMBERS):
                return f"{_EN_NUMBERS[years]} years"
            return f"{years} years"
        if roll < 0.9:
            return f"{years}-{years + rng.randint(1, 3)} years"
        if kind == "vacancy":
            return f"minimum {years} years" if rng.random() < 0.5 else f"لا تقل عن {years} سنوات"
        return f"من {years} إلى {years + 2} سنوات" if rng.random() < 0.5 else f"{years}.0"

    def title(self, code: str) -> str:
        rng = self.rng
        english, arabic = self.pools.titles[code]
        if rng.random() < 0.5:
            head = rng.choice(["", "", "Senior ", "Jr. ", "Asst. "])
            text = head + english.split(",")[0].rstrip("s")
            return text.lower() if rng.random() < 0.3 else text
        return rng.choice(["", "", "أول ", "مساعد "]) + arabic.split("،")[0]

    def skill(self, code: str) -> str:
        rng = self.rng
        english, arabic = self.pools.skills[code]
        roll = rng.random()
        if code in _OWN_WORDS and roll < 0.35:
            text = rng.choice(_OWN_WORDS[code])
        elif roll < 0.45:
            text = rng.choice(_AR_FRAMES).format(arabic)
        elif roll < 0.52:
            text = rng.choice(["خبرة في ", "أعرف ", "دورة "]) + english
        elif roll < 0.56:
            text = rng.choice(["exp. in ", "good in "]) + arabic
        elif roll < 0.60:
            text = "".join(_ARABIZI.get(ch, "") for ch in arabic).strip()
        else:
            text = rng.choice(_EN_FRAMES).format(self.abbreviate(english))
        text = self.slip(text)
        return rng.choice(_BULLETS) + self.case(text)

    def abbreviate(self, english: str) -> str:
        if self.rng.random() > 0.25:
            return english
        return " ".join(_ABBREVIATIONS.get(word.lower(), word) for word in english.split())

    def case(self, text: str) -> str:
        roll = self.rng.random()
        if _is_arabic(text) or roll < 0.55:
            return text
        if roll < 0.75:
            return text.lower()
        if roll < 0.85:
            return text.upper()
        return text.title()

    def slip(self, text: str) -> str:
        rng = self.rng
        if rng.random() > 0.3 or len(text) < 5:
            return text
        if _is_arabic(text):
            kind = rng.randrange(5)
            if kind == 0:  # a kashida (tatweel) to stretch a word
                spot = rng.randrange(1, len(text) - 1)
                return text[:spot] + "ـ" + text[spot:] if text[spot - 1] != " " else text
            if kind == 1:  # short vowels on a few letters
                out = []
                for ch in text:
                    out.append(ch)
                    if "\u0621" <= ch <= "\u064a" and rng.random() < 0.25:
                        out.append(rng.choice(_SHORT_VOWELS))
                return "".join(out)
            if kind == 2:  # the hamza left off
                return text.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا")
            if kind == 3:  # teh marbuta as heh, alef maqsura as yeh
                return text.replace("ة", "ه").replace("ى", "ي")
            return text.replace(" ", "", 1)  # two words run together
        kind = rng.randrange(5)
        letters = [i for i, ch in enumerate(text) if ch.isalpha()]
        if not letters:
            return text
        if kind == 0:  # a vowel written as it is heard
            vowels = [i for i in letters if text[i].lower() in _HEARD_VOWELS]
            if vowels:
                spot = rng.choice(vowels)
                return text[:spot] + _HEARD_VOWELS[text[spot].lower()] + text[spot + 1 :]
            return text
        if kind == 1:  # a sticky key: one letter three times
            spot = rng.choice(letters)
            return text[: spot + 1] + text[spot] * 2 + text[spot + 1 :]
        if kind == 2:  # the last word left half typed
            words = text.split(" ")
            if len(words[-1]) >= 7:
                words[-1] = words[-1][: len(words[-1]) - 2]
            return " ".join(words)
        if kind == 3:  # stray punctuation
            return text + rng.choice([".", "..", ",", " ;", "!"])
        return text.replace(" ", "  ", 1)


def generate_dataset_g(
    *, vacancies: int, jobseekers: int, seed: int, taxonomy: Any
) -> Iterator[dict[str, Any]]:
    """The lines of a dataset in the seventh phrasing: vacancies, jobseekers, relevant pairs.
    `taxonomy` is accepted for the same signature as the others; the latent profiles are drawn
    from the taxonomy's files of codes and canonical labels."""
    del taxonomy
    rng = random.Random(seed * 104_729 + 707)  # noqa: S311 (synthetic data, reproducible by seed)
    pools = _Pools()
    order = list(range(len(pools.occupations)))
    rng.shuffle(order)
    weights = [1.0 / (1 + rank) ** 0.6 for rank in order]
    latent_vacancies = [_draw_vacancy(rng, pools, weights) for _ in range(vacancies)]
    latent_jobseekers = [
        _draw_jobseeker(rng, pools, weights, latent_vacancies) for _ in range(jobseekers)
    ]
    writer = _Writer(rng, pools)
    for number, latent in enumerate(latent_vacancies):
        yield writer.line("vacancy", f"g-v{number}", latent)
    for number, latent in enumerate(latent_jobseekers):
        yield writer.line("jobseeker", f"g-j{number}", latent)
    yield from phrasing.relevant_pairs(latent_vacancies, latent_jobseekers, prefix="g")

"""The sixth matching dataset generator (issue 24): held out, written without reading the
matcher, its resolver, its vocabulary files or the other generators.

It draws latent vacancies and jobseekers from the taxonomy's files of codes and canonical
labels only (isco08, skills, occupation_skills, governorates, education_levels) and writes
each field as it might reach the portal from a web form or a CV import in Oman:

* skill phrases in Arabic, English or both, in this module's own words: paraphrases an
  employer or a jobseeker would use, job-ad framing ("must know ...", "عنده خبرة ..."),
  Gulf colloquial wording, a little Arabizi, abbreviations, half of a label with a bracket,
  two skills pasted into one entry from a CV, and slips of its own kinds (a neighbouring key
  on the keyboard, vowels dropped as in a text message, two words run together, Arabic
  letters confused with their look-alikes, stray tatweel and diacritics, reversed word order);
* occupations missing for some jobseekers, given as a sibling ISCO code or as a broader group
  for others, or typed as a job title;
* education and experience as people write them (degrees with majors, school grades,
  Arabic-Indic digits, words, ranges, months, "fresh graduate");
* governorates in several transliterations, with and without "governorate", or as a town;
* willingness to move as free text in both languages, or not said.

Relevance is the issue's rule (`phrasing.relevant_by_issue_rule`, through
`phrasing.relevant_pairs`). Every random choice draws from sorted lists, so a seed gives the
same file in any process whatever PYTHONHASHSEED is.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from jobseekers.matching import phrasing

DATA = Path(__file__).resolve().parents[2] / "taxonomy" / "data"

# Where people live, roughly as the labour force is spread (a weight per governorate code).
GOVERNORATE_WEIGHTS = {
    "muscat": 30,
    "north_al_batinah": 15,
    "south_al_batinah": 10,
    "dhofar": 10,
    "ad_dakhiliyah": 10,
    "north_ash_sharqiyah": 6,
    "south_ash_sharqiyah": 6,
    "ad_dhahirah": 6,
    "al_buraimi": 3,
    "al_wusta": 2,
    "musandam": 2,
}

# How each governorate is typed: spellings of the name and the towns in it.
GOVERNORATE_WRITINGS = {
    "muscat": ["Muscat", "Masqat", "MCT", "muscat gov.", "مسقط", "مسقط العامرة", "مسكت"],
    "dhofar": ["Dhofar", "Dhufar", "Zufar", "ظفار", "محافظه ظفار"],
    "musandam": ["Musandam", "Musandum", "مسندم"],
    "al_buraimi": ["Buraimi", "Al-Buraymi", "البريمي", "بريمي"],
    "ad_dakhiliyah": ["Dakhliya", "Al Dakhiliya", "Interior region", "الداخليه", "الداخلية"],
    "north_al_batinah": [
        "Batinah North",
        "N. Batinah",
        "Al-Batinah (North)",
        "الباطنة شمال",
        "شمال الباطنه",
    ],
    "south_al_batinah": [
        "Batinah South",
        "S. Batina",
        "south batna",
        "الباطنة جنوب",
        "جنوب الباطنه",
    ],
    "south_ash_sharqiyah": [
        "Sharqiya South",
        "S. Sharqiyah",
        "south sharkiya",
        "الشرقية جنوب",
        "جنوب الشرقيه",
    ],
    "north_ash_sharqiyah": [
        "Sharqiya North",
        "N Sharqiyah",
        "north sharkia",
        "الشرقية شمال",
        "شمال الشرقيه",
    ],
    "ad_dhahirah": ["Dhahira", "Al Dhahirah", "Dhahirah region", "الظاهره", "الظاهرة"],
    "al_wusta": ["Wusta", "Al-Wusta", "Central region", "الوسطى", "الوسطي"],
}
TOWNS = {
    "muscat": ["Seeb", "Al Khoudh", "Bawshar", "Muttrah", "Ruwi", "Amerat", "السيب", "العامرات"],
    "dhofar": ["Salalah", "Taqah", "Mirbat", "صلالة", "طاقة"],
    "musandam": ["Khasab", "Dibba", "خصب"],
    "al_buraimi": ["Mahdah", "محضة"],
    "ad_dakhiliyah": ["Nizwa", "Bahla", "Sumail", "Izki", "نزوى", "بهلا", "سمائل"],
    "north_al_batinah": ["Sohar", "Shinas", "Saham", "Liwa", "صحار", "شناص", "صحم"],
    "south_al_batinah": ["Rustaq", "Barka", "Musannah", "الرستاق", "بركاء", "المصنعة"],
    "south_ash_sharqiyah": ["Sur", "Jalan Bani Bu Ali", "Al Kamil", "صور", "جعلان"],
    "north_ash_sharqiyah": ["Ibra", "Al Mudhaibi", "Bidiyah", "إبراء", "المضيبي"],
    "ad_dhahirah": ["Ibri", "Yanqul", "Dhank", "عبري", "ينقل"],
    "al_wusta": ["Duqm", "Haima", "الدقم", "هيماء"],
}

# Typical schooling of a major ISCO group (education rank, 0 none to 6 doctorate).
TYPICAL_EDUCATION = {"1": 4, "2": 4, "3": 3, "4": 2, "5": 2, "6": 1, "7": 2, "8": 2, "9": 1}

EDUCATION_WRITINGS = {
    0: ["none", "no certificate", "لا يوجد", "بدون", "ما عندي شهادة", "-", "illiterate"],
    1: ["grade 6", "primary", "ابتدائي", "الصف التاسع", "basic school (9th)", "اعدادي"],
    2: [
        "12th",
        "GED",
        "high school",
        "ثانوية عامة",
        "دبلوم التعليم العام",
        "thanawiya",
        "secondary (general diploma)",
        "الثانويه",
    ],
    3: ["HND", "Dip.", "diploma in IT", "دبلوم", "دبلوم بعد العام", "OND", "college diploma"],
    4: [
        "BSc",
        "B.Com",
        "Bachelor of Eng.",
        "بكالوريوس",
        "بكالوريوس محاسبة",
        "university degree",
        "BA English",
        "ليسانس",
    ],
    5: ["MSc", "MBA", "Masters", "ماجستير", "ماستر", "M.A."],
    6: ["PhD", "Ph.D", "Dr.", "دكتوراه", "دكتوراة"],
}
VACANCY_EDUCATION_FRAMES = ["min. {}", "{} or above", "{} +", "{}"]
VACANCY_EDUCATION_FRAMES_AR = ["{} كحد أدنى", "{} فما فوق", "لا يقل عن {}", "{}"]

ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
YEAR_WORDS_EN = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    10: "ten",
}
YEAR_WORDS_AR = {
    1: "سنة",
    2: "سنتين",
    3: "ثلاث سنوات",
    4: "اربع سنين",
    5: "خمس سنوات",
    6: "ست سنين",
    10: "عشر سنوات",
}

WILLING_YES = ["yes", "Y", "ok", "نعم", "ايوه", "مستعد", "any location", "anywhere in Oman"]
WILLING_NO = ["no", "N", "لا", "not possible", "only near home", "ما اقدر", "مسقط فقط"]

# This module's own ways of saying some skills, as employers and jobseekers type them.
OWN_PHRASES: dict[str, list[str]] = {
    "customer_service": ["dealing with customers", "تعامل مع الزباين", "client handling"],
    "communication": ["good comm. skills", "اسلوب حلو في الكلام", "communicates well"],
    "teamwork": ["team player", "اشتغل مع فريق", "works in a team"],
    "english_language": ["english (fluent)", "انجليزي", "Eng. spoken & written", "ingleezi"],
    "arabic_language": ["arabic native", "عربي", "Arabic (mother tongue)"],
    "computer_literacy": ["computer basics", "كمبيوتر", "MS office basics", "ICDL"],
    "time_management": ["punctual", "ملتزم بالوقت", "meets deadlines"],
    "leadership": ["leading people", "قيادة فريق", "team lead"],
    "first_aid": ["1st aid", "اسعافات اوليه", "first-aider certified"],
    "occupational_safety": ["HSE awareness", "سلامه مهنيه", "safety at work", "OHS"],
    "data_entry": ["entering data", "ادخال بيانات", "data typist"],
    "ms_excel": ["excel", "اكسل", "MS-Excel advanced", "spread sheets"],
    "ms_word": ["MS word", "وورد", "typing letters on word"],
    "masonry": ["block work", "بناي", "bricklaying", "طابوق"],
    "concrete_work": ["concreting", "صب خرسانة", "casting concrete"],
    "plastering": ["plaster work", "لياسه", "رش ولياسة"],
    "tiling": ["tile fixing", "تبليط", "ceramic & marble fixing", "بلاط وسيراميك"],
    "painting_decorating": ["house painting", "صباغ", "صبغ بيوت", "wall painting"],
    "carpentry": ["wood work", "نجار", "najara", "carpenter work"],
    "autocad": ["auto-cad", "اوتوكاد", "CAD drafting 2D/3D"],
    "electrical_wiring": ["house wiring", "تسليك كهرباء", "wiring (domestic)", "kahraba"],
    "electrical_troubleshooting": ["fault finding (electrical)", "تصليح اعطال الكهرباء"],
    "solar_pv": ["solar panels", "الواح شمسيه", "PV systems"],
    "plumbing_installation": ["plumbing", "سباكة", "سباك", "sanitary fittings"],
    "hvac_installation": ["A/C installation", "تركيب مكيفات", "split ac fixing"],
    "ac_maintenance": ["AC repair", "تصليح مكيفات", "A.C. servicing", "صيانة مكيفات"],
    "arc_welding": ["stick welding", "لحام كهرباء", "welding 6G", "lihaam"],
    "mig_welding": ["CO2 welding", "لحام ثاني اكسيد"],
    "tig_welding": ["argon welding", "لحام ارجون"],
    "engine_repair": ["engine overhaul", "تصليح مكاين", "motor repair (cars)"],
    "auto_electrical": ["car electrician", "كهربائي سيارات", "auto electric"],
    "panel_beating": ["denting", "سمكري", "body work (cars)"],
    "light_vehicle_driving": ["driving (light)", "سواقة صالون", "driver LMV", "sewaqa"],
    "heavy_vehicle_driving": ["HTV driving", "سواق شاحنة", "trailer driving"],
    "driving_licence_light": ["Omani licence (light)", "ليسن خفيف", "valid DL"],
    "driving_licence_heavy": ["heavy licence", "ليسن ثقيل", "HTV license"],
    "forklift_operation": ["fork lift", "فوركلفت", "forklift driver"],
    "crane_operation": ["crane operator", "كرين", "mobile crane"],
    "food_preparation": ["cooking", "طبخ", "tabkh", "kitchen prep"],
    "arabic_cuisine": ["omani food", "اكل عماني", "شوا ومقبولي", "arabic dishes"],
    "baking": ["pastry chef", "حلويات ومعجنات", "bakery items"],
    "food_hygiene": ["HACCP", "نظافة الاكل", "food safety cert."],
    "coffee_preparation": ["barista", "قهوة عمانية", "making coffee"],
    "housekeeping": ["room cleaning (hotel)", "تنظيف غرف", "house keeping"],
    "cleaning_techniques": ["cleaning", "تنظيف", "cleaner"],
    "laundry": ["washing & ironing", "غسيل وكوي", "laundryman"],
    "gardening": ["garden work", "مزارع حدائق", "landscaping"],
    "childcare": ["baby sitting", "مربية اطفال", "nanny"],
    "sales_techniques": ["selling", "بيع", "salesman ship"],
    "cash_handling": ["cashier", "كاشير", "handling cash"],
    "pos_systems": ["POS", "نظام الكاشير", "point of sale machine"],
    "stock_control": ["inventory", "جرد", "stock taking"],
    "marketing": ["marketting", "تسويق", "promotion"],
    "digital_marketing": ["social media marketing", "تسويق الكتروني", "SEO/SEM"],
    "warehouse_operations": ["store keeping", "امين مخزن", "warehouse work"],
    "bookkeeping": ["book keeping", "قيود يومية", "ledgers"],
    "financial_accounting": ["accounts", "محاسبه", "accountant", "mohasaba"],
    "payroll": ["salaries", "رواتب الموظفين", "WPS payroll"],
    "vat_tax": ["VAT returns", "الضريبه", "tax filing"],
    "accounting_software": ["tally", "QuickBooks", "برنامج محاسبي"],
    "office_administration": ["admin work", "اعمال ادارية", "office admin"],
    "reception_skills": ["receptionist", "استقبال", "answering calls"],
    "government_relations": ["PRO", "مندوب", "sanad services", "معاملات حكومية"],
    "hr_administration": ["HR", "شؤون موظفين", "personnel affairs"],
    "recruitment": ["hiring", "توظيف", "talent acquisition"],
    "python": ["python", "بايثون", "py scripting"],
    "web_development": ["websites", "تصميم مواقع", "full stack"],
    "network_administration": ["networking (CCNA)", "شبكات", "network admin"],
    "it_support": ["help desk", "دعم فني", "IT technician"],
    "graphic_design": ["photoshop & illustrator", "تصميم جرافيك", "designer"],
    "data_analysis": ["data analytics", "تحليل داتا", "power BI"],
    "patient_care": ["nursing care", "تمريض", "tamreedh", "caring for patients"],
    "vital_signs": ["BP & temp checking", "قياس الضغط والحرارة"],
    "bls_cpr": ["CPR", "BLS certified", "انعاش قلبي"],
    "security_patrolling": ["guard duty", "حارس امن", "security guard"],
    "cctv_monitoring": ["camera monitoring", "مراقبة كاميرات", "CCTV operator"],
    "fire_fighting": ["fire fighter", "اطفاء حرائق", "firefighting"],
    "hairdressing": ["barber", "حلاق", "hair cutting"],
    "tailoring": ["tailor", "خياط", "sewing clothes"],
    "dishdasha_tailoring": ["dishdasha stitching", "خياطة دشاديش", "kumma & dishdasha"],
    "fishing": ["fisherman", "صياد سمك", "fishing boats"],
    "date_palm_care": ["palm trees", "نخل", "تنبيت النخيل"],
    "livestock_care": ["goats & camels", "رعي", "animal care (farm)"],
    "teaching_english": ["ESL teacher", "مدرس انجليزي", "TEFL"],
    "teaching_mathematics": ["maths teacher", "مدرس رياضيات"],
    "lesson_planning": ["preparing lessons", "تحضير الدروس"],
    "project_management": ["PMP", "ادارة مشاريع", "managing projects"],
    "supervision": ["supervisor", "مشرف", "supervising workers"],
    "preventive_maintenance": ["PPM", "صيانة دورية", "planned maintenance"],
    "mechanical_maintenance": ["mechanical fitter", "صيانة ميكانيكية", "fitter"],
    "quality_control": ["QC", "مراقب جودة", "quality checks"],
    "oil_gas_operations": ["oil field", "شغل نفط", "O&G operations"],
    "hse_management": ["HSE officer", "سلامة وصحة مهنية وبيئة", "NEBOSH"],
}

# Phrases that are not skills, as CVs carry them.
NOT_A_SKILL = [
    "hard worker",
    "مجتهد",
    "honest",
    "flexible",
    "ready to join immediately",
    "ملتزم",
    "references available",
    "شخص اجتماعي",
]

ENGLISH_FRAMES = [
    "{}",
    "{}",
    "{}",
    "exp. in {}",
    "knowledge of {}",
    "{} (3 yrs)",
    "must know {}",
    "good at {}",
    "{} - certified",
    "skilled in {}",
]
ARABIC_FRAMES = [
    "{}",
    "{}",
    "{}",
    "خبرة في {}",
    "اجيد {}",
    "عنده خبرة {}",
    "{} - ممتاز",
    "يعرف {}",
    "شغل {}",
]

# Keys next to each other on an English and an Arabic keyboard.
QWERTY_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
ARABIC_ROWS = ["ضصثقفغعهخحجد", "شسيبلاتنمكط", "ئءؤرلاىةوزظ"]
ARABIC_LOOKALIKES = {"ة": "ه", "ى": "ي", "ي": "ى", "أ": "ا", "إ": "ا", "آ": "ا", "ض": "ظ", "ذ": "ز"}
DIACRITICS = ["\u064e", "\u064f", "\u0650", "\u0651", "\u0652"]
TATWEEL = "\u0640"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def _pools() -> dict[str, Any]:
    """The latent world: unit groups with their skills, skill labels, ISCO titles."""
    titles = {row["code"]: (row["title_en"], row["title_ar"]) for row in _rows("isco08.csv")}
    labels = {row["code"]: (row["label_en"], row["label_ar"]) for row in _rows("skills.csv")}
    essential: dict[str, list[str]] = {}
    optional: dict[str, list[str]] = {}
    for row in _rows("occupation_skills.csv"):
        target = essential if row["relation"] == "essential" else optional
        if row["skill"] in labels:
            target.setdefault(row["isco"], []).append(row["skill"])
    occupations = []
    for code in sorted(essential):
        if len(code) != 4:
            continue
        own = sorted(set(essential[code]))
        wider = sorted(set(optional.get(code, [])) | set(essential.get(code[:2], [])))
        wider = [skill for skill in wider if skill not in own]
        if len(own) + len(wider) >= 4:
            occupations.append((code, own, wider))
    units = sorted(code for code in titles if len(code) == 4)
    return {
        "titles": titles,
        "labels": labels,
        "occupations": occupations,
        "units": units,
        "general": sorted(_general_skills()),
        "by_code": {code: (own, wider) for code, own, wider in occupations},
    }


def _general_skills() -> set[str]:
    return {row["code"] for row in _rows("skills.csv") if row["domain"] == "general"}


def _weights(rng: random.Random, count: int) -> list[float]:
    """A skewed demand over occupations: a few common, many rare (shuffled by seed)."""
    weights = [1.0 / (rank + 5) ** 0.78 for rank in range(count)]
    rng.shuffle(weights)
    return weights


def _governorate(rng: random.Random) -> str:
    codes = sorted(GOVERNORATE_WEIGHTS)
    return rng.choices(codes, weights=[GOVERNORATE_WEIGHTS[code] for code in codes])[0]


def _draw_vacancy(rng: random.Random, pools: dict[str, Any], weights: list[float]) -> dict:
    code, own, wider = rng.choices(pools["occupations"], weights=weights)[0]
    wanted = rng.choice((3, 3, 4, 4, 5, 6))
    from_own = rng.sample(own, min(len(own), max(2, wanted - rng.choice((0, 1, 2)))))
    rest = rng.sample(wider, min(len(wider), max(0, wanted - len(from_own))))
    typical = TYPICAL_EDUCATION[code[0]]
    return {
        "occupation": code,
        "skills": frozenset(from_own + rest),
        "education": max(0, typical - rng.choice((0, 1, 1, 2, 3))),
        "years": rng.choice((0, 0, 1, 1, 2, 2, 3, 3, 4, 5, 7)),
        "governorate": _governorate(rng),
        "willing": False,
    }


def _draw_jobseeker(
    rng: random.Random, pools: dict[str, Any], weights: list[float], vacancies: list[dict]
) -> dict:
    by_code = pools["by_code"]
    if vacancies and rng.random() < 0.22:
        # someone who would answer one of the vacancies: its trade, often its place
        target = rng.choice(vacancies)
        code = target["occupation"]
        own, wider = by_code[code]
        held = {skill for skill in sorted(target["skills"]) if rng.random() < 0.72}
        governorate = target["governorate"] if rng.random() < 0.6 else _governorate(rng)
    else:
        code, own, wider = rng.choices(pools["occupations"], weights=weights)[0]
        held = set(rng.sample(own, min(len(own), rng.choice((1, 2, 3, 4)))))
        governorate = _governorate(rng)
    pool = own + wider
    held |= set(rng.sample(pool, min(len(pool), rng.choice((0, 1, 2, 3)))))
    held |= set(rng.sample(pools["general"], rng.choice((0, 0, 1, 2))))
    typical = TYPICAL_EDUCATION[code[0]]
    return {
        "occupation": code,
        "skills": frozenset(held),
        "education": min(6, max(0, typical + rng.choice((-2, -1, 0, 0, 0, 1)))),
        "years": min(25, int(rng.expovariate(1 / 4.0))),
        "governorate": governorate,
        "willing": rng.random() < 0.3,
    }


class _Writer:
    """Writes a latent profile as a person would type it."""

    def __init__(self, rng: random.Random, pools: dict[str, Any]) -> None:
        self.rng = rng
        self.pools = pools

    # skills -------------------------------------------------------------------------------

    def skills(self, codes: frozenset[str], *, arabic_first: bool) -> list[str]:
        rng = self.rng
        phrases = [self.skill(code, arabic_first=arabic_first) for code in sorted(codes)]
        rng.shuffle(phrases)
        if len(phrases) >= 3 and rng.random() < 0.08:
            # a CV import that keeps two skills in one entry
            first, second = phrases.pop(), phrases.pop()
            phrases.append(f"{first}{rng.choice((' / ', ', ', ' & ', ' و '))}{second}")
        if rng.random() < 0.12:
            phrases.insert(rng.randrange(len(phrases) + 1), rng.choice(NOT_A_SKILL))
        return phrases

    def skill(self, code: str, *, arabic_first: bool) -> str:
        rng = self.rng
        english, arabic = self.pools["labels"][code]
        roll = rng.random()
        own = OWN_PHRASES.get(code)
        if own and roll < 0.45:
            text = rng.choice(own)
        elif roll < 0.75 if arabic_first else roll < 0.55:
            text = rng.choice(ARABIC_FRAMES).format(self._arabic(arabic))
        elif roll < 0.85:
            # both languages at once, as a bilingual CV writes them
            text = rng.choice(("{} ({})", "{} - {}", "{} {}")).format(
                self._arabic(arabic), self._english(english)
            )
        else:
            text = rng.choice(ENGLISH_FRAMES).format(self._english(english))
        if rng.random() < 0.25:
            text = self._slip(text)
        return self._case(text)

    def _english(self, label: str) -> str:
        rng = self.rng
        if "(" in label and rng.random() < 0.5:
            outside, inside = label.split("(", 1)
            return rng.choice((outside.strip(), inside.rstrip(")").strip()))
        words = label.split()
        if len(words) == 2 and rng.random() < 0.2:
            return f"{words[1]}, {words[0]}"
        return label

    def _arabic(self, label: str) -> str:
        rng = self.rng
        if "(" in label and rng.random() < 0.5:
            label = label.split("(", 1)[0].strip()
        words = label.split()
        if rng.random() < 0.3:
            # the article dropped, as in a quick note
            words = [w[2:] if w.startswith("ال") and len(w) > 4 else w for w in words]
        if rng.random() < 0.2:
            words = [w + rng.choice(DIACRITICS) if len(w) > 2 else w for w in words]
        return " ".join(words)

    def _slip(self, text: str) -> str:
        rng = self.rng
        kind = rng.choice(("neighbour", "vowels", "joined", "lookalike", "tatweel", "double"))
        letters = [i for i, ch in enumerate(text) if ch.isalpha()]
        if not letters:
            return text
        at = rng.choice(letters)
        if kind == "neighbour":
            ch = text[at]
            for row in QWERTY_ROWS + ARABIC_ROWS:
                index = row.find(ch.lower())
                if index >= 0:
                    step = rng.choice((-1, 1)) if 0 < index < len(row) - 1 else 1 - 2 * (index > 0)
                    return text[:at] + row[index + step] + text[at + 1 :]
            return text
        if kind == "vowels" and text.isascii():
            words = text.split()
            longest = max(range(len(words)), key=lambda i: len(words[i]))
            word = words[longest]
            words[longest] = word[0] + "".join(c for c in word[1:] if c.lower() not in "aeiou")
            return " ".join(words)
        if kind == "joined" and " " in text:
            spaces = [i for i, ch in enumerate(text) if ch == " "]
            gap = rng.choice(spaces)
            return text[:gap] + text[gap + 1 :]
        if kind == "lookalike":
            for i, ch in enumerate(text):
                if ch in ARABIC_LOOKALIKES:
                    return text[:i] + ARABIC_LOOKALIKES[ch] + text[i + 1 :]
        if kind == "tatweel" and not text.isascii():
            arabic = [i for i in letters if "\u0621" <= text[i] <= "\u064a"]
            if arabic:
                at = rng.choice(arabic)
                return text[: at + 1] + TATWEEL + text[at + 1 :]
        return text[: at + 1] + text[at] + text[at + 1 :]

    def _case(self, text: str) -> str:
        roll = self.rng.random()
        if roll < 0.1:
            return text.upper()
        if roll < 0.25:
            return text.title()
        if roll < 0.4:
            return text.lower()
        if roll < 0.45:
            return "  " + text + " "
        return text

    # the other fields ---------------------------------------------------------------------

    def occupation(self, code: str, *, seeker: bool) -> str | None:
        rng = self.rng
        roll = rng.random()
        if seeker and roll < 0.18:
            return None
        if seeker and roll < 0.3:
            siblings = [u for u in self.pools["units"] if u[:3] == code[:3] and u != code]
            siblings = siblings or [u for u in self.pools["units"] if u[:2] == code[:2]]
            return rng.choice(siblings)
        if seeker and roll < 0.4:
            return code[: rng.choice((2, 3))]
        if roll < 0.52:
            english, arabic = self.pools["titles"][code]
            title = rng.choice((english, arabic, english.lower().rstrip("s")))
            return title
        return code

    def education(self, rank: int, *, seeker: bool) -> str:
        text = self.rng.choice(EDUCATION_WRITINGS[rank])
        if not seeker and rank > 0:
            frames = VACANCY_EDUCATION_FRAMES if text.isascii() else VACANCY_EDUCATION_FRAMES_AR
            text = self.rng.choice(frames).format(text)
        return text

    def years(self, years: int, *, seeker: bool) -> Any:
        rng = self.rng
        roll = rng.random()
        if years == 0 and not seeker:
            return rng.choice(("not required", "غير مشترط", "freshers welcome", 0, "0"))
        if years == 0 and roll < 0.6:
            return rng.choice(("fresh graduate", "no experience", "بدون خبرة", "خريج جديد", "0"))
        if roll < 0.2:
            return years
        if roll < 0.32 and years in YEAR_WORDS_AR:
            return YEAR_WORDS_AR[years]
        if roll < 0.42 and years in YEAR_WORDS_EN:
            return f"{YEAR_WORDS_EN[years]} years"
        if roll < 0.52:
            return f"{years} سنوات".translate(ARABIC_DIGITS)
        if roll < 0.62 and 0 < years < 5:
            return f"{years * 12} months"
        if seeker and roll < 0.74:
            return f"{years}-{years + rng.choice((1, 2))} yrs"
        if not seeker and roll < 0.8:
            return rng.choice(("min {} yrs", "{}+ years", "لا تقل عن {} سنوات")).format(years)
        return rng.choice(("{} yrs", "{}yr", "{} years exp", "{} Y")).format(years)

    def governorate(self, code: str) -> str:
        rng = self.rng
        if rng.random() < 0.25:
            return rng.choice(TOWNS[code])
        text = rng.choice(GOVERNORATE_WRITINGS[code])
        if rng.random() < 0.15:
            text = f"محافظة {text}" if not text.isascii() else f"{text} Governorate"
        return text

    def willing(self, willing: bool) -> str | bool | None:
        rng = self.rng
        if rng.random() < 0.35:
            return None
        if rng.random() < 0.3:
            return willing
        return rng.choice(WILLING_YES if willing else WILLING_NO)

    def line(self, kind: str, identifier: str, latent: dict[str, Any]) -> dict[str, Any]:
        rng = self.rng
        seeker = kind == "jobseeker"
        arabic_first = rng.random() < 0.55
        line: dict[str, Any] = {
            "type": kind,
            "id": identifier,
            "skills": self.skills(latent["skills"], arabic_first=arabic_first),
        }
        occupation = self.occupation(latent["occupation"], seeker=seeker)
        if occupation is not None:
            line["isco"] = occupation
        if not (seeker and rng.random() < 0.05):
            line["education"] = self.education(latent["education"], seeker=seeker)
        line["governorate"] = self.governorate(latent["governorate"])
        line["years_experience"] = self.years(latent["years"], seeker=seeker)
        if seeker:
            willing = self.willing(latent["willing"])
            if willing is not None:
                line["willing_to_relocate"] = willing
        return line


def generate_dataset_f(
    *, vacancies: int, jobseekers: int, seed: int, taxonomy: Any
) -> Iterator[dict[str, Any]]:
    """The lines of a dataset in the sixth phrasing: vacancies, jobseekers, relevant pairs.
    `taxonomy` is accepted for the same signature as the others; the latent profiles are drawn
    from the taxonomy's files of codes and canonical labels."""
    del taxonomy
    rng = random.Random(seed * 7_919 + 606)  # noqa: S311 (synthetic data, reproducible by seed)
    pools = _pools()
    weights = _weights(rng, len(pools["occupations"]))
    latent_vacancies = [_draw_vacancy(rng, pools, weights) for _ in range(vacancies)]
    latent_jobseekers = [
        _draw_jobseeker(rng, pools, weights, latent_vacancies) for _ in range(jobseekers)
    ]
    writer = _Writer(rng, pools)
    for number, latent in enumerate(latent_vacancies):
        yield writer.line("vacancy", f"f-v{number}", latent)
    for number, latent in enumerate(latent_jobseekers):
        yield writer.line("jobseeker", f"f-j{number}", latent)
    yield from phrasing.relevant_pairs(latent_vacancies, latent_jobseekers, prefix="f")

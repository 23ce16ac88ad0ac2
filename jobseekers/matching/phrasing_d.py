"""The fourth matching dataset generator, written to stay held out (issue 24).

Its author read neither the matcher nor the resolver, nor the other generators' phrase lists:
the latent profiles come from the taxonomy's codes and canonical labels only (unit groups,
skills, occupation-skill links, governorates, education levels), and the phrasing (synonyms,
paraphrases, typos, spellings of places, education and experience written freely) is its own,
as people in Oman might type them into a form. Relevance is issue 24's rule
(`phrasing.relevant_by_issue_rule`). The population is drawn so that most vacancies have at
most about 20 relevant jobseekers; the recall ceiling at 20 is printed on stderr.
"""

from __future__ import annotations

import csv
import math
import random
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jobseekers.matching.phrasing import relevant_by_issue_rule

DATA = Path(__file__).resolve().parents[2] / "taxonomy" / "data"

GOVERNORATE_WEIGHTS_D = {
    "muscat": 30,
    "north_al_batinah": 16,
    "dhofar": 11,
    "south_al_batinah": 10,
    "ad_dakhiliyah": 9,
    "north_ash_sharqiyah": 6,
    "south_ash_sharqiyah": 6,
    "ad_dhahirah": 5,
    "al_buraimi": 3,
    "al_wusta": 2,
    "musandam": 2,
}

# Spellings of each governorate as typed: transliterations, abbreviations, a main town.
PLACE_SPELLINGS = {
    "muscat": [
        "Muscat",
        "muscat",
        "MUSCAT",
        "Masqat",
        "Mascat",
        "Muscut",
        "مسقط",
        "محافظة مسقط",
        "Seeb",
        "السيب",
        "Bausher",
        "بوشر",
        "Muttrah",
        "MCT",
        "muscat oman",
    ],
    "dhofar": [
        "Dhofar",
        "Dhufar",
        "Zufar",
        "dofar",
        "ظفار",
        "محافظة ظفار",
        "Salalah",
        "صلالة",
        "salala",
    ],
    "musandam": ["Musandam", "Musandum", "مسندم", "Khasab", "خصب"],
    "al_buraimi": ["Al Buraimi", "Buraimi", "Buraymi", "al-buraimi", "البريمي", "بريمي"],
    "ad_dakhiliyah": [
        "Ad Dakhiliyah",
        "Dakhiliya",
        "Al Dakhiliyah",
        "dakhlia",
        "الداخلية",
        "Nizwa",
        "نزوى",
        "Bahla",
        "بهلاء",
    ],
    "north_al_batinah": [
        "North Al Batinah",
        "North Batinah",
        "N. Batinah",
        "Batinah North",
        "شمال الباطنة",
        "الباطنة شمال",
        "Sohar",
        "صحار",
        "Saham",
        "Shinas",
    ],
    "south_al_batinah": [
        "South Al Batinah",
        "South Batinah",
        "S Batina",
        "Batinah South",
        "جنوب الباطنة",
        "الباطنة جنوب",
        "Rustaq",
        "الرستاق",
        "Barka",
        "بركاء",
    ],
    "south_ash_sharqiyah": [
        "South Ash Sharqiyah",
        "South Sharqiya",
        "Sharqiyah South",
        "جنوب الشرقية",
        "الشرقية جنوب",
        "Sur",
        "صور",
        "Jalan Bani Bu Ali",
    ],
    "north_ash_sharqiyah": [
        "North Ash Sharqiyah",
        "North Sharqiya",
        "Sharqiyah North",
        "شمال الشرقية",
        "الشرقية شمال",
        "Ibra",
        "إبراء",
        "Al Mudaybi",
    ],
    "ad_dhahirah": ["Ad Dhahirah", "Dhahira", "Al Dhahirah", "dhahera", "الظاهرة", "Ibri", "عبري"],
    "al_wusta": [
        "Al Wusta",
        "Wusta",
        "Al-Wusta",
        "الوسطى",
        "الوسطي",
        "Haima",
        "هيماء",
        "Duqm",
        "الدقم",
    ],
}

# Education as typed, by rank (0 none .. 6 doctorate).
EDUCATION_WRITTEN = {
    0: ["none", "no education", "لا يوجد", "بدون", "-", "can read and write", "يقرأ ويكتب"],
    1: [
        "primary",
        "primary school",
        "grade 6",
        "ابتدائي",
        "اعدادي",
        "basic education",
        "الصف التاسع",
        "grade 9",
    ],
    2: [
        "high school",
        "secondary",
        "GED",
        "General Diploma",
        "دبلوم عام",
        "ثانوية عامة",
        "ثانوي",
        "12th grade",
        "الصف الثاني عشر",
        "dip. general education",
    ],
    3: [
        "diploma",
        "Diploma (2 yrs)",
        "higher diploma",
        "college diploma",
        "دبلوم",
        "دبلوم عالي",
        "دبلوم كلية تقنية",
        "technical college diploma",
        "OND",
        "HND",
    ],
    4: [
        "bachelor",
        "Bachelors",
        "BSc",
        "B.A.",
        "BEng",
        "university degree",
        "degree",
        "بكالوريوس",
        "بكالريوس",
        "جامعي",
        "شهادة جامعية",
        "bachelor's in business",
    ],
    5: ["master", "Masters", "MSc", "MBA", "M.A.", "ماجستير", "ماجيستير", "postgraduate"],
    6: ["PhD", "Ph.D.", "doctorate", "دكتوراه", "دكتوراة", "DBA"],
}

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

# Words people put round a skill.
EN_FRAMES = [
    "{}",
    "{}",
    "{}",
    "good at {}",
    "knowledge of {}",
    "{} skills",
    "skilled in {}",
    "{} (expert)",
    "experience with {}",
    "able to do {}",
    "{} - 3 yrs",
    "basic {}",
    "strong {}",
    "did {} in my last job",
]
AR_FRAMES = [
    "{}",
    "{}",
    "{}",
    "إجادة {}",
    "معرفة ب{}",
    "القدرة على {}",
    "مهارة {}",
    "خبرة ب{}",
    "ممتاز في {}",
    "{} (جيد)",
    "أعرف {}",
    "دورة في {}",
]

# Paraphrases of common English words of the skill labels (the author's own).
EN_WORDS = {
    "management": ["managing", "mgmt", "handling", "admin"],
    "maintenance": ["repair", "servicing", "maint.", "fixing"],
    "operation": ["operating", "running", "use of"],
    "installation": ["installing", "fitting", "setup"],
    "work": ["works", "job", "jobs"],
    "skills": ["skill", "abilities"],
    "customer": ["client", "customers", "guest"],
    "service": ["services", "care", "support"],
    "driving": ["driver", "drive"],
    "vehicle": ["car", "vehicles", "truck"],
    "safety": ["safty", "security", "HSE"],
    "computer": ["PC", "computers", "laptop"],
    "preparation": ["prep", "preparing", "making"],
    "planning": ["plan", "scheduling", "organising"],
    "writing": ["drafting", "preparing", "write"],
    "supervision": ["supervising", "overseeing", "in charge of"],
    "electrical": ["electric", "electricity", "elec."],
    "equipment": ["machines", "tools", "equip."],
    "systems": ["system", "sys"],
    "and": ["&", "/", "+", "and"],
    "of": ["", "for"],
    "language": ["", "lang"],
    "basic": ["simple", "general"],
    "control": ["checking", "monitoring"],
    "sales": ["selling", "sale"],
    "cleaning": ["clean", "housekeeping"],
    "teaching": ["teach", "instruction"],
    "cooking": ["cook", "kitchen work"],
    "accounting": ["accounts", "bookkeeping"],
    "design": ["designing", "designs"],
    "repair": ["fixing", "repairing", "maintenance"],
    "handling": ["dealing with", "processing"],
}
AR_WORDS = {
    "إدارة": ["ادارة", "تسيير", "الإشراف على"],
    "صيانة": ["صيانه", "تصليح", "إصلاح"],
    "تشغيل": ["استخدام", "تشغيل وقيادة"],
    "خدمة": ["خدمه", "خدمات"],
    "العملاء": ["الزبائن", "الزباين", "المراجعين"],
    "مهارات": ["مهارة", ""],
    "السلامة": ["السلامه", "الأمان"],
    "تركيب": ["تركيبات", "تمديد"],
    "الحاسوب": ["الكمبيوتر", "الحاسب الآلي", "الكمبيوتر"],
    "قيادة": ["سواقة", "سياقة"],
    "المركبات": ["السيارات", "السيارة"],
    "إعداد": ["تحضير", "عمل"],
    "كتابة": ["تحرير", "إعداد"],
    "و": ["و", "، "],
    "تخطيط": ["تنظيم", "جدولة"],
    "اللغة": ["لغة", ""],
    "الكهربائية": ["الكهرباء", "الكهربائيه"],
    "المعدات": ["الأجهزة", "المكائن", "الالات"],
}

# Arabic letters confused when typing fast.
AR_SWAPS = [
    ("ة", "ه"),
    ("ى", "ي"),
    ("أ", "ا"),
    ("إ", "ا"),
    ("آ", "ا"),
    ("ؤ", "و"),
    ("ئ", "ي"),
    ("ض", "ظ"),
    ("ذ", "ز"),
    ("ث", "س"),
    ("ق", "ك"),
]
KEYBOARD_NEIGHBOURS = {
    "a": "sq",
    "s": "ad",
    "e": "wr",
    "i": "uo",
    "o": "ip",
    "n": "bm",
    "r": "et",
    "t": "ry",
    "l": "k",
    "c": "xv",
    "m": "n",
    "g": "fh",
    "p": "o",
    "u": "yi",
    "d": "sf",
}


def _read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


class _Person:
    """Types one field at a time the way a hurried person does."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.skills = {row["code"]: row for row in _read("skills.csv")}
        self.titles = {row["code"]: row for row in _read("isco08.csv")}

    # -- typing errors -------------------------------------------------------------------
    def typo(self, text: str) -> str:
        if len(text) < 4:
            return text
        rng = self.rng
        if _is_arabic(text) and rng.random() < 0.6:
            present = [pair for pair in AR_SWAPS if pair[0] in text]
            if present:
                old, new = rng.choice(present)
                return text.replace(old, new, 1 if rng.random() < 0.5 else -1)
        at = rng.randrange(1, len(text) - 1)
        kind = rng.random()
        if kind < 0.3:  # a dropped letter
            return text[:at] + text[at + 1 :]
        if kind < 0.5:  # two letters swapped
            return text[:at] + text[at + 1] + text[at] + text[at + 2 :]
        if kind < 0.7:  # a doubled letter
            return text[:at] + text[at] + text[at:]
        neighbours = KEYBOARD_NEIGHBOURS.get(text[at].lower())
        if neighbours:  # a neighbouring key
            return text[:at] + rng.choice(neighbours) + text[at + 1 :]
        return text[:at] + text[at + 1 :]

    def case(self, text: str) -> str:
        draw = self.rng.random()
        if draw < 0.35:
            return text.lower()
        if draw < 0.45:
            return text.upper()
        if draw < 0.6:
            return text.title()
        return text

    def _paraphrase(self, text: str, words: dict[str, list[str]]) -> str:
        out = []
        for word in text.split():
            bare = word.strip("()").lower() if not _is_arabic(word) else word
            if bare in words and self.rng.random() < 0.5:
                replacement = self.rng.choice(words[bare])
                if replacement:
                    out.append(replacement)
            else:
                out.append(word)
        return " ".join(out) or text

    # -- fields ---------------------------------------------------------------------------
    def skill(self, code: str) -> str:
        rng = self.rng
        row = self.skills[code]
        english, arabic = row["label_en"], row["label_ar"]
        if "(" in english and rng.random() < 0.5:  # "Steel fixing (rebar)" -> "rebar"
            head, _, inner = english.partition("(")
            english = rng.choice([head.strip(), inner.strip(" )")])
        draw = rng.random()
        if draw < 0.42:
            text = rng.choice(EN_FRAMES).format(self._paraphrase(english, EN_WORDS).lower())
            text = self.case(text)
        elif draw < 0.84:
            text = rng.choice(AR_FRAMES).format(self._paraphrase(arabic, AR_WORDS))
        elif draw < 0.92:  # both scripts in one entry
            text = f"{arabic} / {english.lower()}" if rng.random() < 0.5 else f"{english} {arabic}"
        else:  # an English label typed in Arabic framing
            text = rng.choice(["خبرة في ", "شغل ", "اعرف "]) + english.lower()
        if rng.random() < 0.25:
            text = self.typo(text)
        if rng.random() < 0.1:
            text = text + rng.choice([".", " ", ",", " !!", "..."])
        return " ".join(text.split()) if rng.random() < 0.9 else text

    def occupation(self, code: str, *, jobseeker: bool, cousins: list[str]) -> str | None:
        rng = self.rng
        draw = rng.random()
        if jobseeker:
            if draw < 0.18:
                return None  # left blank
            if draw < 0.33 and cousins:
                return rng.choice(cousins)  # a neighbouring unit group
            if draw < 0.42:
                return code[: rng.choice([2, 3])]  # only the minor or sub-major group
        elif draw < 0.05:
            return None
        draw = rng.random()
        if draw < 0.45:
            return rng.choice(
                [code, code, f"{code} ", f"ISCO {code}", code.translate(ARABIC_INDIC)]
            )
        title = self.titles.get(code)
        if title is None:
            return code
        if draw < 0.75:
            return self.case(
                self.typo(title["title_en"]) if rng.random() < 0.2 else title["title_en"]
            )
        return self.typo(title["title_ar"]) if rng.random() < 0.2 else title["title_ar"]

    def education(self, rank: int) -> str | None:
        if self.rng.random() < 0.04:
            return None
        text = self.rng.choice(EDUCATION_WRITTEN[rank])
        return self.typo(text) if self.rng.random() < 0.1 else text

    def governorate(self, code: str) -> str | None:
        if self.rng.random() < 0.03:
            return None
        text = self.rng.choice(PLACE_SPELLINGS[code])
        if not _is_arabic(text):
            text = self.case(text)
        return self.typo(text) if self.rng.random() < 0.08 else text

    def years(self, years: int) -> int | str | None:
        rng = self.rng
        draw = rng.random()
        if draw < 0.05:
            return None
        if draw < 0.75:
            return years
        written = [
            f"{years} years",
            f"{years} yrs",
            f"{years}y",
            f"{years} سنوات",
            f"{str(years).translate(ARABIC_INDIC)} سنوات",
            f"{years}+",
        ]
        if years == 0:
            written = ["fresh graduate", "no experience", "بدون خبرة", "0", "حديث تخرج"]
        elif years == 1:
            written += ["one year", "سنة", "1 year"]
        elif years == 2:
            written += ["two years", "سنتين", "2 years"]
        return rng.choice(written)


def _line(
    kind: str,
    identifier: str,
    latent: dict[str, Any],
    person: _Person,
    cousins: list[str],
) -> dict[str, Any]:
    skills = [person.skill(code) for code in sorted(latent["skills"])]
    person.rng.shuffle(skills)
    line: dict[str, Any] = {"type": kind, "id": identifier, "skills": skills}
    values = {
        "isco": person.occupation(
            latent["occupation"], jobseeker=kind == "jobseeker", cousins=cousins
        ),
        "education": person.education(latent["education"]),
        "governorate": person.governorate(latent["governorate"]),
        "years_experience": person.years(latent["years"]),
    }
    line.update({key: value for key, value in values.items() if value is not None})
    if kind == "jobseeker" and latent.get("willing"):
        line["willing_to_relocate"] = True
    return line


def generate_dataset_d(
    *, vacancies: int, jobseekers: int, seed: int, taxonomy: Any
) -> Iterator[dict[str, Any]]:
    """The lines of a dataset in the fourth phrasing: vacancies, jobseekers, relevant pairs.
    `taxonomy` is accepted for the same signature as the others; the latent profiles are drawn
    from the taxonomy's files of codes and canonical labels."""
    del taxonomy
    rng = random.Random(seed * 7_919 + 4)  # noqa: S311 (synthetic data, reproducible by seed)
    person = _Person(rng)
    essential: dict[str, list[str]] = defaultdict(list)
    optional: dict[str, list[str]] = defaultdict(list)
    for row in _read("occupation_skills.csv"):
        if len(row["isco"]) == 4 and row["skill"] in person.skills:
            (essential if row["relation"] == "essential" else optional)[row["isco"]].append(
                row["skill"]
            )
    units = sorted(essential)
    every_skill = sorted(person.skills)
    by_group: dict[str, list[str]] = defaultdict(list)
    for code in units:
        by_group[code[:3]].append(code)
    governorates = list(GOVERNORATE_WEIGHTS_D)
    weights = list(GOVERNORATE_WEIGHTS_D.values())
    neighbours = {row["code"]: row["neighbours"].split() for row in _read("governorates.csv")}

    def cousins_of(code: str) -> list[str]:
        return [c for c in by_group[code[:3]] if c != code]

    def unit_skills(code: str) -> list[str]:
        return sorted(set(essential[code]) | set(optional[code]))

    # vacancies
    latent_v: list[dict[str, Any]] = []
    for _ in range(vacancies):
        code = rng.choice(units)
        pool = unit_skills(code)
        count = min(len(pool), rng.randint(3, 6))
        chosen = set(essential[code]) if len(essential[code]) <= count else set()
        chosen |= set(rng.sample(pool, k=count))
        latent_v.append(
            {
                "occupation": code,
                "skills": frozenset(chosen),
                "education": rng.choices(range(6), weights=[4, 6, 25, 25, 30, 10])[0],
                "years": rng.choices(range(9), weights=[15, 15, 15, 15, 10, 10, 8, 6, 6])[0],
                "governorate": rng.choices(governorates, weights=weights)[0],
            }
        )

    # jobseekers: some drawn near a vacancy (relevant, or a near miss), the rest at random
    latent_j: list[dict[str, Any]] = []
    mean_anchor = 0.45 * jobseekers / max(1, vacancies)

    def near(vacancy: dict[str, Any]) -> dict[str, Any]:
        required = sorted(vacancy["skills"])
        keep = rng.randint(math.ceil(0.6 * len(required)), len(required))
        skills = set(rng.sample(required, k=keep))
        skills |= set(rng.sample(unit_skills(vacancy["occupation"]), k=rng.randint(0, 2)))
        if rng.random() < 0.3:
            skills.add(rng.choice(every_skill))
        return {
            "occupation": vacancy["occupation"],
            "skills": frozenset(skills),
            "education": min(6, vacancy["education"] + rng.choice([0, 0, 1, 2])),
            "years": vacancy["years"] + rng.choice([0, 1, 2, 4, 7]),
            "governorate": vacancy["governorate"],
            "willing": rng.random() < 0.2,
        }

    def miss(vacancy: dict[str, Any]) -> dict[str, Any]:
        person_j = near(vacancy)
        how = rng.choice(["place", "education", "years", "skills", "occupation"])
        if how == "place" and neighbours[vacancy["governorate"]]:
            person_j["governorate"] = rng.choice(neighbours[vacancy["governorate"]])
            person_j["willing"] = rng.random() < 0.5
        elif how == "education" and vacancy["education"] > 0:
            person_j["education"] = vacancy["education"] - 1
        elif how == "years" and vacancy["years"] > 0:
            person_j["years"] = vacancy["years"] - 1
        elif how == "occupation" and cousins_of(vacancy["occupation"]):
            person_j["occupation"] = rng.choice(cousins_of(vacancy["occupation"]))
        else:
            required = sorted(vacancy["skills"])
            held = rng.sample(required, k=max(0, math.ceil(0.6 * len(required)) - 1))
            person_j["skills"] = frozenset(held) | frozenset(
                rng.sample(every_skill, k=rng.randint(1, 3))
            )
        return person_j

    for vacancy in latent_v:
        if len(latent_j) >= jobseekers:
            break
        count = min(int(rng.expovariate(1 / max(1.0, mean_anchor))) + 1, jobseekers - len(latent_j))
        latent_j.extend(near(vacancy) for _ in range(count))
        misses = min(rng.randint(0, 3), jobseekers - len(latent_j))
        latent_j.extend(miss(vacancy) for _ in range(misses))
    while len(latent_j) < jobseekers:
        code = rng.choice(units)
        pool = unit_skills(code)
        latent_j.append(
            {
                "occupation": code,
                "skills": frozenset(rng.sample(pool, k=min(len(pool), rng.randint(2, 6)))),
                "education": rng.choices(range(7), weights=[4, 8, 30, 22, 28, 7, 1])[0],
                "years": rng.choices(range(12), weights=[20, 14, 12, 10, 9, 8, 7, 6, 5, 4, 3, 2])[
                    0
                ],
                "governorate": rng.choices(governorates, weights=weights)[0],
                "willing": rng.random() < 0.15,
            }
        )
    rng.shuffle(latent_j)

    cousins = {code: cousins_of(code) for code in units}
    for number, vacancy in enumerate(latent_v):
        yield _line("vacancy", f"d-v{number}", vacancy, person, cousins[vacancy["occupation"]])
    places: dict[tuple[str, str], list[int]] = defaultdict(list)
    for number, seeker in enumerate(latent_j):
        places[(seeker["occupation"], seeker["governorate"])].append(number)
        yield _line("jobseeker", f"d-j{number}", seeker, person, cousins[seeker["occupation"]])
    shares = []
    for number, vacancy in enumerate(latent_v):
        relevant = [
            j
            for j in places[(vacancy["occupation"], vacancy["governorate"])]
            if relevant_by_issue_rule(vacancy, latent_j[j])
        ]
        if relevant:
            shares.append(min(20, len(relevant)) / len(relevant))
        for j in relevant:
            yield {"type": "relevant", "vacancy": f"d-v{number}", "jobseeker": f"d-j{j}"}
    ceiling = sum(shares) / len(shares) if shares else 0.0
    sys.stderr.write(
        f"fourth generator: recall@20 ceiling {ceiling:.4f} over {len(shares)} vacancies\n"
    )

"""Free text in either language → skill codes, ISCO-08 codes, education levels, governorates.

Why in memory: a profile form, a vacancy form, the bulk recommendation and `match_eval` all
resolve text, `match_eval` hundreds of thousands of times in one run. The whole taxonomy
(about 620 occupation groups, 340 skills, 3,000 synonyms) fits in a few megabytes, so it is
built once per process (`taxonomy_from_files` here, `taxonomy.selectors.taxonomy_from_database`
with staff-added synonyms) and every lookup is a dictionary access, falling back to rapidfuzz
only for text no synonym spells exactly; each distinct text is resolved once and remembered.

Order of resolution: the exact normal form of a synonym or label (`taxonomy.text.match_key`),
then, for occupations, an ISCO code (a partial code such as "74" or "741" names the group),
then the closest synonym by rapidfuzz's token-sort ratio above a cut-off that rises for short
text (three letters are too few to guess from).

Since rules 2026-12.8 (ADR 0014, eighth part) the resolver also reads what people write
around or instead of a name: a governorate's wilayat and the country or "ولاية" around it, an
education as a school grade, an abbreviation or a degree with its field, and a skill
without its framing words ("experienced in", "أجيد") or one script at a time.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from taxonomy import loading
from taxonomy.arabizi import ArabiziIndex
from taxonomy.ngrams import NgramIndex
from taxonomy.text import loose_key, match_key, normalize, script_of, strip_article
from taxonomy.words import WordIndex

KINDS = ("skill", "occupation", "education", "governorate")
# An ISCO code at the start of an occupation's text, after the classification's name when it
# is written ("ISCO 7411", "ISCO-08: 7411", "isco08 741": rules 2026-12.10; the 08 of the name
# is not taken for the start of a code, "ISCO 8322" is 8322).
# Since rules 2026-12.17 also after the word for a code ("Code 5141", "occupation code: 7411",
# "رمز المهنة 5142", "كود 7411"), and with spaces inside it ("23 53": `_spaced_code`). Digits
# run into letters are no code: "7ares" is a guard in Arabizi (7 for ح), not major group 7.
_CODE = re.compile(
    r"^\s*(?:isco(?:[\s-]*0?8(?!\d)|(?![\s-]*0?8(?!\d)))\s*[:.-]?\s*)?"
    r"(?:(?:(?:occupation|job|isco)\s+)?code|(?:رمز|كود)(?:\s+(?:ال)?مهن[ةه])?)?\s*[:.#-]?\s*"
    r"(\d{1,4}(?:\s\d{1,3})*)(?!\d|[^\W\d_])",
    re.IGNORECASE,
)
# A unit group's four digits after any word or two people put before a code ("Occ. 7411",
# "No. 7411", "ISCO/7411", "مهنة: 7411", rules 2026-12.24): the words are not read, so only a
# code that is a unit group exactly is taken (a year or a phone number is not cut to a prefix).
_CODE_AFTER_WORDS = re.compile(r"^\s*(?:[^\W\d_]{1,12}\.?[\s:/#-]*){1,2}(\d{4})\s*(?:[-:(].*)?$")


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a piece of text resolved to, and how (for explanations and audit)."""

    kind: str
    code: str
    text: str
    method: str  # "exact", "code", "fuzzy" or "similar" (see SIMILAR_FLOOR)
    score: float  # 100 for exact and code matches

    @property
    def confidence(self) -> float:
        """0 to 1: how sure the resolver is (1 for exact and code matches)."""
        return self.score / 100.0


# Character n-gram cosine (taxonomy.ngrams) at or above which an unknown phrase *is* the
# nearest skill (a misspelling), and the floor above which it is only *similar to* it: the
# matcher then counts it at its confidence against the vacancy's skills and the explanation
# says "similar to". Set from how far one or two slips move a phrase of ten letters (0.55 to
# 0.75), not fitted on either generator.
NGRAM_CUTOFF = 0.62
SIMILAR_FLOOR = 0.40
# Occupation titles share generic words ("technician", "operator", "فني"), so a title needs
# more of its pieces in common before it is taken for another.
NGRAM_CUTOFF_OTHER_KINDS = 0.75
# Oman's eleven governorates are few and unlike each other, so a name run together with its
# article or its word "محافظة" ("جنوبالباطنة", "محافظةالبريمي", cosines about 0.65) is taken;
# "الشرقية" alone (north or south, 0.54) is not.
NGRAM_CUTOFF_GOVERNORATE = 0.6
# A kind of few codes unlike each other (the eleven governorates, about a hundred keys with
# their wilayat): a name two slips away from one of them ("Mucsat", "مسنمد", "البرميي") that
# neither cut-off above takes is that governorate when its best whole-string ratio reaches
# CLOSED_CUTOFF and beats every other code's best by CLOSED_MARGIN; a close call between two
# codes is no answer. Checked on the first generator's misspelt governorates (34 of 36 left
# unresolved are found, none wrongly); the second generator is not used to set them.
# Since rules 2026-12.7 the loose forms (`taxonomy.text.loose_key`: letters confused by sound
# folded, plural endings dropped) are compared too, with the same cut-off and margin: a name a
# sound and a slip away ("ضافر", "مصكط") was left unresolved, and its jobseeker counted as not
# living there (ADR 0014, seventh part: 243 distinct names of the second generator's found,
# two wrong among the 150 most frequent; one of the first generator's). The seven education
# levels are a closed kind too since then: "البقالوريوص", "دبلم بعد السانوية", "matser"
# named no level, and an education not known counts 0.5 where the level met counts 1 (ADR
# 0014, seventh part: 103 distinct spellings of the first generator's found and 464 of the
# second's, none seen to be wrong; a close call between levels is still no answer).
CLOSED_KINDS = frozenset({"governorate", "education"})
CLOSED_CUTOFF = 75.0
CLOSED_MARGIN = 8.0
# Words around a place name that name no governorate: the country ("X, Oman", "X - سلطنة
# عمان") and the kind of division ("ولاية X", "wilayat X", "X governorate"). Dropped from a
# governorate's text before it is looked up (rules 2026-12.8), unless nothing else is left:
# "ولاية السيب" is As Seeb, which is in Muscat (ADR 0014, eighth part).
PLACE_WORDS = frozenset(
    {
        "oman", "sultanate", "of", "wilayat", "wilayah", "wilaya", "willayat", "governorate",
        "province", "region", "city", "town", "area", "district", "gov", "peninsula", "عمان",
        "سلطنه", "ولايه", "محافظه", "مدينه", "منطقه",
    }
)  # fmt: skip
# The direction that begins a governorate's name, abbreviated or in transliterated Arabic
# ("N. Batinah", "Shamal Al Batinah", "Janub Ash Sharqiyah"): read as the English word before
# the name is looked up (rules 2026-12.15).
DIRECTIONS = {
    "n": "north", "s": "south", "shamal": "north", "shamaal": "north", "janub": "south",
    "janoob": "south", "junub": "south",
}  # fmt: skip
# A school grade ("grade 6", "12th grade", "الصف السادس") names a level in Oman's school
# system: the twelfth grade ends with the General Education Diploma (secondary), every grade
# before it is basic education (primary). And a duration before a qualification ("2-year
# diploma", "سنتين دبلوم") says how long, not which level (rules 2026-12.8, ADR 0014, eighth
# part).
# A grade's ordinal alone ("12th", "9th") or after the name of a school ("basic school (9th)",
# brackets dropped by `match_key`) is a grade too (rules 2026-12.20).
_GRADE = re.compile(
    r"^(?:grade ?(\d{1,2})|(\d{1,2}) ?(?:st|nd|rd|th)? ?grade|(?:ال)?صف (\d{1,2}|.+)"
    r"|(?:[a-z]+ )*school (\d{1,2}) ?(?:st|nd|rd|th)|(\d{1,2}) ?(?:st|nd|rd|th))$"
)
# The minimum a vacancy asks, said around its education ("at least a diploma", "bachelor or
# above", "حد أدنى الصف السادس", "لا يقل عن بكالوريوس", "فما فوق"): the level is read without
# it (rules 2026-12.16), and "pass" or "passed" after it ("12th pass", rules 2026-12.25). In
# normal form (`match_key`: ى is ي, أ is ا).
_MINIMUM = re.compile(
    r"^(?:at least|minimum|min|حد ادني|الحد الادني|لا يقل عن|علي (?:ال)?اقل) (?:an? )?"
    r"|(?: or (?:above|higher|more|equivalent)| and above| فما فوق| او اعلي| علي (?:ال)?اقل"
    r"| كحد ادني| ?\+| pass(?:ed)?)$"
)
# The lack of any certificate said as a sentence ("ما عندي شهادة", "ليس لدي مؤهل", "no
# certificate", "without any qualification"): no formal education (rules 2026-12.20). In
# normal form (`match_key`: ؤ is و, ة is ه).
_NO_QUALIFICATION = re.compile(
    r"^(?:no|without|ما عندي|ما عندنا|ما معي|ليس لدي|ليس عندي|ليس معي|لا يوجد|لا توجد|لا يوجد لدي"
    r"|بدون|بلا|مافي) (?:(?:any|a) )?(?:certificates?|qualifications?|degrees?|diploma|schooling"
    r"|education|شهاده|شهادات|موهل|موهلات|دراسه)$"
)
NO_EDUCATION = "none"
_GRADE_WORD = "grade"
_ARABIC_ORDINALS = {
    "اول": 1, "ثاني": 2, "ثالث": 3, "رابع": 4, "خامس": 5, "سادس": 6, "سابع": 7, "ثامن": 8,
    "تاسع": 9, "عاشر": 10, "حادي عشر": 11, "ثاني عشر": 12,
}  # fmt: skip
_DURATION = re.compile(
    r"^(?:\d{1,2}|one|two|three|four|five) ?(?:years?|yrs?)\b ?|^(?:سنه|سنتين|سنتان|\d سنوات) "
)
FINAL_SCHOOL_GRADE = 12
# Words of rank before a job title ("senior roofers", "assistant firefighters", "فني الندل"):
# when the whole title names nothing, the title without them is looked up (rules 2026-12.12).
# A rank the taxonomy gives a group of its own is a synonym and wins ("junior accountant" is
# an accounting associate professional, "مساعد طباخ" a kitchen helper). "head" and "chief"
# are not here: they name other groups (chefs, chief executives).
RANK_WORDS = frozenset(
    {"senior", "junior", "assistant", "trainee", "apprentice", "sr", "jr", "asst", "فني",
     "مساعد", "متدرب", "اول", "كبير"}
)  # fmt: skip
# The length of a place name that may be typed with one letter left out and still be read
# (`Taxonomy._one_letter_short`).
SHORT_PLACE = 4
# A skill phrase read word by word (`taxonomy.words`, rules 2026-12.9) names the skill whose
# words it uses when the F-measure of the two (how much of the phrase the skill's words explain,
# how much of them it has) reaches this: every word of a two-word phrase may then be a slip
# away from the skill's (each counts 0.75 to 0.8 of a word spelt right) or cut short (0.85),
# but a word of another skill or one nobody uses keeps the phrase from it. Taken where the
# whole phrase found nothing surer than "similar to", and over a reading of one script of a
# phrase in two.
WORD_CUTOFF = 0.8
# Arabizi (Arabic typed in Latin letters and digits, `taxonomy.arabizi`) is read for skills and
# occupation titles that nothing else named surer than "similar to" (issue 24); a title
# needs its skeleton nearer (titles share generic words). Its score is the skeletons' ratio
# scaled below the loose key's: a reading through classes of letters is a guess.
ARABIZI_KINDS = frozenset({"skill", "occupation"})
ARABIZI_STRICTER = {"occupation": 4.0}
ARABIZI_SCALE = 0.95
# The score of a match through `taxonomy.text.loose_key`: surer than any edit-distance guess,
# less than a spelling the taxonomy knows.
LOOSE_SCORE = 97.0


@dataclass(frozen=True, slots=True)
class SkillPhrases:
    """What a list of free-text skills resolved to, phrase by phrase."""

    codes: frozenset[str]  # exact, code or fuzzy matches
    similar: tuple[tuple[str, str, float], ...]  # (text, nearest skill code, confidence)
    unresolved: tuple[str, ...]  # nothing near enough
    methods: dict[str, int]  # phrases per method: exact, fuzzy, similar, none


def fuzzy_cutoff(key: str) -> float:
    """The least similarity (0–100) a fuzzy match needs for text of this length.

    Short words differ from each other by a letter or two ("cnc", "cpr"), so they must be
    spelt exactly; long phrases can absorb a typo or two."""
    length = len(key.replace(" ", ""))
    if length <= 3:
        return 101.0  # exact only
    if length <= 5:
        return 88.0
    if length <= 9:
        return 84.0
    return 80.0


@dataclass(eq=False)
class Taxonomy:
    """The taxonomy as plain data, with the resolver over it.

    Build it with `Taxonomy.build(...)` from rows (see `taxonomy_from_files`)."""

    occupations: dict[str, tuple[str, str]]  # code → (title_en, title_ar), every level
    skills: dict[str, tuple[str, str]]  # code → (label_en, label_ar)
    skill_domains: dict[str, str]
    essential: dict[str, frozenset[str]]  # unit group → required-typical skills
    optional: dict[str, frozenset[str]]  # unit group → optional-typical skills
    education: dict[str, tuple[int, str, str]]  # code → (rank, label_en, label_ar)
    governorates: dict[str, tuple[str, str]]
    neighbours: dict[str, frozenset[str]]
    _exact: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    _choices: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict, repr=False)
    _prepared: dict[tuple[str, str], tuple[str, str, float] | None] = field(
        default_factory=dict, repr=False
    )
    _ngrams: dict[str, NgramIndex] = field(default_factory=dict, repr=False)
    _loose: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    _keys: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _written_only: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _words: WordIndex | None = field(default=None, repr=False)
    _short_places: dict[str, str] | None = field(default=None, repr=False)
    _arabizi: dict[str, ArabiziIndex] = field(default_factory=dict, repr=False)
    retired: frozenset[str] = frozenset()  # skills free text no longer resolves to

    @classmethod
    def build(
        cls,
        *,
        occupations: Iterable[tuple[str, str, str]],
        skills: Iterable[tuple[str, str, str, str]],
        unit_links: Iterable[tuple[str, str, str]],
        synonyms: Iterable[tuple[str, str, str]],
        education: Iterable[tuple[str, int, str, str]],
        governorates: Iterable[tuple[str, str, str, str]],
        retired: Iterable[str] = (),
        written: Iterable[tuple[str, str, str]] = (),
    ) -> Taxonomy:
        """occupations: (code, title_en, title_ar); skills: (code, domain, label_en, label_ar);
        unit_links: (unit code, skill code, relation); synonyms: (kind, code, text);
        education: (code, rank, label_en, label_ar); governorates: (code, label_en, label_ar,
        neighbours separated by spaces); retired: skill codes policy staff retired (kept for
        the records that name them, left out of resolution); written: (kind, code, text), how
        people write a governorate or an education level that is not its name: the wilayat
        they live in, abbreviations and degree names (`loading.written_forms`)."""
        essential: dict[str, set[str]] = {}
        optional: dict[str, set[str]] = {}
        for unit, skill, relation in unit_links:
            target = essential if relation == loading.ESSENTIAL else optional
            target.setdefault(unit, set()).add(skill)
        skill_rows = list(skills)
        gov_rows = list(governorates)
        taxonomy = cls(
            occupations={code: (en, ar) for code, en, ar in occupations},
            skills={code: (en, ar) for code, _domain, en, ar in skill_rows},
            skill_domains={code: domain for code, domain, _en, _ar in skill_rows},
            essential={unit: frozenset(s) for unit, s in essential.items()},
            optional={unit: frozenset(s) for unit, s in optional.items()},
            education={code: (rank, en, ar) for code, rank, en, ar in education},
            governorates={code: (en, ar) for code, en, ar, _n in gov_rows},
            neighbours={code: frozenset(n.split()) for code, _en, _ar, n in gov_rows},
            retired=frozenset(retired),
        )
        taxonomy._index(list(synonyms), list(written))
        return taxonomy

    # -- lookup tables -------------------------------------------------------------------------

    def _index(
        self, synonyms: list[tuple[str, str, str]], written: Sequence[tuple[str, str, str]] = ()
    ) -> None:
        """Exact lookup by key, and the lists fuzzy matching runs over.

        Precedence when two codes share a key: a synonym (chosen by a person for that code)
        beats a label or title; among titles, the most specific group wins (ISCO repeats a
        title down a branch, "Cooks" is both 512 and 5120)."""
        exact: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
        # labels and titles first, broad groups before narrow, so later entries overwrite
        for code, (en, ar) in sorted(self.occupations.items(), key=lambda i: (len(i[0]), i[0])):
            for text in (en, ar):
                exact["occupation"][match_key(text)] = code
        for code, (en, ar) in self.skills.items():
            for text in (en, ar):
                exact["skill"].setdefault(match_key(text), code)
        for code, (_rank, en, ar) in self.education.items():
            for text in (code, en, ar):
                exact["education"].setdefault(match_key(text), code)
        for code, (en, ar) in self.governorates.items():
            for text in (code, en, ar):
                exact["governorate"].setdefault(match_key(text), code)
        named = {kind: set(exact[kind]) for kind in CLOSED_KINDS}
        # a form as people write it names its code; a synonym for the same text wins
        for kind, code, text in written:
            exact[kind][match_key(text)] = code
        for kind, _code, text in synonyms:
            if kind in named:
                named[kind].add(match_key(text))
        self._written_only = {
            kind: frozenset(set(exact[kind]) - named[kind]) for kind in CLOSED_KINDS
        }
        for kind, code, text in synonyms:
            if kind in exact:
                exact[kind][match_key(text)] = code
        exact["skill"].update({match_key(code): code for code in self.skills})
        exact["skill"] = {k: c for k, c in exact["skill"].items() if k and c not in self.retired}
        self._exact = exact
        # the loose form of every key, kept where all the keys that share it name one code
        loose: dict[str, dict[str, str | None]] = {kind: {} for kind in KINDS}
        for kind, table in exact.items():
            for key, code in table.items():
                folded = loose_key(key)
                if folded and loose[kind].get(folded, code) != code:
                    loose[kind][folded] = None  # two codes: the loose form decides nothing
                else:
                    loose[kind][folded] = code
        self._loose = {
            kind: {key: code for key, code in table.items() if code is not None}
            for kind, table in loose.items()
        }
        # token_sort_ratio sorts the words of both strings on every comparison: sorting the
        # choices once and comparing with plain ratio gives the same scores several times faster
        self._choices = {
            kind: ([_sorted_words(key) for key in table], list(table.values()))
            for kind, table in exact.items()
        }
        self._keys = {kind: list(table) for kind, table in exact.items()}
        self._ngrams = {
            kind: NgramIndex(list(table), list(table.values())) for kind, table in exact.items()
        }
        self._words = WordIndex(
            list(exact["skill"]), list(exact["skill"].values()), noise=_framing_texts()
        )

    def exact_keys(self, kind: str) -> Mapping[str, str]:
        """Every lookup key of `kind` (labels and synonyms in normal form) and its code."""
        return self._exact[kind]

    # -- resolution ----------------------------------------------------------------------------

    def resolve(self, kind: str, text: str, *, similar: bool = False) -> Resolution | None:
        """The code `text` names in `kind` ("skill", "occupation", "education",
        "governorate"), or None when nothing is close enough. With `similar`, a phrase only
        similar to a code (method "similar", below the n-gram cut-off) is returned too."""
        if not text or not text.strip():
            return None
        original = text.strip()
        if kind == "occupation":
            by_code = self._occupation_by_code(original)
            if by_code is not None:
                return by_code
        key = self._key(kind, original)
        if kind == "governorate" and key not in self._exact[kind]:
            in_parts = self._place_in_parts(original)
            if in_parts is not None:
                return in_parts
        found = self._resolve_key(kind, key)
        if kind == "occupation" and found is None:
            bare = _without_rank(key)
            if bare != key:
                found = self._resolve_key(kind, bare)
        whole_exact = found is not None and found[1] == "exact"
        if kind == "skill" and not whole_exact:
            # without its framing words ("experienced in", "أجيد"), when that names a skill
            # more surely: "basic life support" is not taken for "life support"'s guess
            bare = _without_framing(key)
            if bare != key:
                other = self._resolve_key(kind, bare)
                if other is not None and (found is None or _surer(other, found)):
                    found = other
            if (found is None or found[1] != "exact") and script_of(key) == "mixed":
                # two scripts in one phrase ("صيانة engine", "لحام welding"): each script's
                # words are read on their own, and the surest reading is kept (rules 2026-12.8)
                for part in _script_parts(key):
                    other = self._resolve_key(kind, _without_framing(part))
                    if other is not None and (found is None or _surer(other, found)):
                        found = other
            mixed = script_of(key) == "mixed"
            if found is None or found[1] == "similar" or mixed:
                # word by word, in any order, in either script (rules 2026-12.9): "maint. of
                # pumps", "رخصة heavy vehicle driving" (one script alone names another skill)
                by_words = self._by_words(key)
                if by_words is not None:
                    found = by_words
        if kind in ARABIZI_KINDS and (found is None or found[1] == "similar") and key.isascii():
            # Arabic typed in Latin letters and digits ("edara alm5a6r", issue 24)
            found = self._by_arabizi(kind, original) or found
        if found is None:
            return None
        code, method, score = found
        if method == "similar" and not similar:
            return None
        return Resolution(kind, code, original, method, score)

    def _place_in_parts(self, text: str) -> Resolution | None:
        """A place written in parts ("Al Khoudh, Seeb, Muscat", "صحار - شمال الباطنة"): the
        governorate its parts name when every part that names one names the same; the surest
        part's method and confidence."""
        parts = [part for part in _PLACE_PARTS.split(text) if part.strip()]
        if len(parts) < 2:
            return None
        found = [r for r in (self.resolve("governorate", part) for part in parts) if r is not None]
        if not found or len({r.code for r in found}) != 1:
            return None
        best = max(found, key=lambda r: (r.method == "exact", r.confidence))
        return Resolution("governorate", best.code, text, best.method, best.confidence)

    def _by_arabizi(self, kind: str, text: str) -> tuple[str, str, float] | None:
        """The code whose Arabic key's consonant skeleton a phrase typed in Arabizi comes
        nearest (`taxonomy.arabizi`), as a fuzzy match below the loose key's score."""
        if kind not in self._arabizi:
            # the taxonomy's English words (staff synonyms too) are not read as Arabizi
            english = [w for t in self._exact.values() for k in t if k.isascii() for w in k.split()]
            self._arabizi[kind] = ArabiziIndex(
                list(self._exact[kind]), list(self._exact[kind].values()), english=english
            )
        found = self._arabizi[kind].best(text, stricter=ARABIZI_STRICTER.get(kind, 0.0))
        return (found[0], "fuzzy", round(found[1] * ARABIZI_SCALE, 1)) if found else None

    def _by_words(self, key: str) -> tuple[str, str, float] | None:
        """The skill a phrase's words name (`taxonomy.words`), as a fuzzy match, when its
        F-measure reaches WORD_CUTOFF."""
        if self._words is None:
            return None
        found = self._words.best(key)
        bare = _without_framing(key)
        if bare != key:
            # the words around a skill ("hands-on", "1)", "etc") are not its words: the phrase
            # is read without them too, and the surer reading kept (rules 2026-12.25)
            other = self._words.best(bare)
            if other is not None and (found is None or other[1] > found[1]):
                found = other
        if found is None or found[1] < WORD_CUTOFF:
            return None
        return found[0], "fuzzy", round(found[1] * 100, 1)

    def _key(self, kind: str, text: str) -> str:
        """The lookup key of `text` in `kind`: `match_key`, and for a governorate without
        the PLACE_WORDS around the name (unless the name is one of them: "عمان" alone)."""
        key = match_key(text)
        if key in self._exact[kind]:
            return key
        if kind == "governorate":
            words = [word for word in key.split(" ") if not _is_place_word(word)] or key.split(" ")
            if len(words) > 1 and words[0] in DIRECTIONS:
                words[0] = DIRECTIONS[words[0]]
            return " ".join(words)
        if kind == "education":
            key = _MINIMUM.sub("", _MINIMUM.sub("", key)) or key
            if key in self._exact[kind]:
                return key
            if _NO_QUALIFICATION.match(key) and NO_EDUCATION in self.education:
                return NO_EDUCATION
            return _school_grade(key) or _DURATION.sub("", key) or key
        return key

    @functools.lru_cache(maxsize=200_000)  # noqa: B019 (one instance per process, kept)
    def _resolve_key(self, kind: str, key: str) -> tuple[str, str, float] | None:
        if not key:
            return None
        if (kind, key) in self._prepared:
            return self._prepared[(kind, key)]
        code = self._exact[kind].get(key)
        if code is not None:
            return code, "exact", 100.0
        found_loosely = self._loosely(kind, key)
        if found_loosely is not None:
            return found_loosely
        cutoff = fuzzy_cutoff(key)
        if cutoff > 100:
            return self._nearest_of_few(kind, key)
        keys, codes = self._choices[kind]
        found = process.extractOne(
            _sorted_words(key), keys, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff
        )
        if found is None:
            nearest = self._ngrams[kind].nearest(key)
            by_ngrams = _by_ngrams(kind, nearest[0], nearest[1]) if nearest else None
            return by_ngrams or self._nearest_of_few(kind, key)
        _choice, score, position = found
        return codes[position], "fuzzy", float(score)

    def _loosely(self, kind: str, key: str) -> tuple[str, str, float] | None:
        """A key that only a plural ending, a letter confused by sound, a doubled letter or
        the spaces between words keep from a known one: a fuzzy match at LOOSE_SCORE."""
        code = self._loose[kind].get(loose_key(key))
        return (code, "fuzzy", LOOSE_SCORE) if code is not None else None

    def _by_leading_words(self, kind: str, key: str) -> tuple[str, str, float] | None:
        """A qualification then its field ("bachelor of engineering", "ماجستير ادارة"): the
        level the longest run of leading words names. The last resort for an education that
        nothing else named, since "degree master's" and "دبلوم التعليم ارعام" (the General
        Education Diploma) begin with a word that names another level."""
        if kind != "education":
            return None
        words = key.split(" ")
        for length in range(len(words) - 1, 0, -1):
            head = " ".join(words[:length])
            code = self._exact[kind].get(head) or self._loose[kind].get(loose_key(head))
            if code is not None:
                return code, "fuzzy", LOOSE_SCORE
        return None

    def _occupation_by_code(self, text: str) -> Resolution | None:
        """An ISCO code at the start of the text; an unknown code falls back to its longest
        known prefix ("7419" is not a unit group, "741" is)."""
        digits_read = text.translate(_DIGITS)
        found = _CODE.match(digits_read)
        if found is None:
            after = _CODE_AFTER_WORDS.match(digits_read)
            if after is not None and after.group(1) in self.occupations:
                return Resolution("occupation", after.group(1), text, "code", 100.0)
            return None
        digits = _spaced_code(found.group(1))
        for length in range(len(digits), 0, -1):
            if digits[:length] in self.occupations:
                return Resolution("occupation", digits[:length], text, "code", 100.0)
        return None

    def prepare(self, kind: str, texts: Iterable[str]) -> None:
        """Resolve many texts at once before asking for them one by one: texts that no
        synonym spells exactly are compared with every choice in one multi-threaded
        rapidfuzz call instead of one call each (a bulk import has tens of thousands of
        distinct misspellings)."""
        written = [t for t in texts if t and t.strip()]
        if kind == "skill":
            written += [
                part for t in written for part in (*_list_parts(t), *_list_parts(t, joined=True))
            ]
        if kind == "governorate":
            written += [part for t in written for part in _PLACE_PARTS.split(t) if part.strip()]
        keys = {self._key(kind, t) for t in written}
        if kind == "skill":
            keys |= {_without_framing(key) for key in keys}
            keys |= {
                _without_framing(part)
                for key in list(keys)
                if script_of(key) == "mixed"
                for part in _script_parts(key)
            }
        missing = []
        for key in keys:
            if not key or key in self._exact[kind]:
                continue
            found_loosely = self._loosely(kind, key)
            if found_loosely is not None:
                self._prepared[(kind, key)] = found_loosely
            elif fuzzy_cutoff(key) <= 100:
                missing.append(key)
        if not missing:
            return
        choices, codes = self._choices[kind]
        scores = process.cdist(
            [_sorted_words(k) for k in missing],
            choices,
            scorer=fuzz.ratio,
            processor=None,
            dtype=np.uint8,
            workers=-1,
        )
        best = scores.argmax(axis=1)
        still: list[str] = []
        for row, key in enumerate(missing):
            score = float(scores[row, best[row]])
            if score >= fuzzy_cutoff(key):
                self._prepared[(kind, key)] = (codes[best[row]], "fuzzy", score)
            else:
                still.append(key)
        ngrams = self._ngrams[kind]
        positions, cosines = ngrams.nearest_many(still)
        for key, position, cosine in zip(still, positions, cosines, strict=True):
            self._prepared[(kind, key)] = _by_ngrams(
                kind, ngrams.codes[position], cosine
            ) or self._nearest_of_few(kind, key)

    def _nearest_of_few(self, kind: str, key: str) -> tuple[str, str, float] | None:
        """For a kind of few codes (CLOSED_KINDS): the code whose keys come clearly nearest
        by whole-string ratio, or None (see CLOSED_CUTOFF)."""
        if kind not in CLOSED_KINDS:
            return None
        if fuzzy_cutoff(key) > 100:
            return self._one_letter_short(kind, key)
        # the codes' own names and synonyms first, then with the forms as written too: the
        # wilayat add about 150 names, and a misspelt governorate ("mtarah", "Musanffam")
        # that was clearly nearest one governorate is not made a close call by them
        # (rules 2026-12.8)
        skip = self._written_only.get(kind, frozenset())
        found = self._nearest_among(kind, key, skip=skip)
        if found is None and skip:
            found = self._nearest_among(kind, key, skip=frozenset())
        return found or self._by_leading_words(kind, key)

    def _one_letter_short(self, kind: str, key: str) -> tuple[str, str, float] | None:
        """A governorate for a name of three letters that is a known name of four with one
        letter left out ("مسط", "Lwa"), when it is the only such name's code (rules
        2026-12.11): three letters are otherwise too few to guess from, and a name of four
        letters has no other slip to make."""
        if kind != "governorate" or len(key) != SHORT_PLACE - 1 or " " in key:
            return None
        if self._short_places is None:
            shortened: dict[str, set[str]] = {}
            for name, code in self._exact[kind].items():
                if len(name) == SHORT_PLACE and " " not in name:
                    for at in range(SHORT_PLACE):
                        shortened.setdefault(name[:at] + name[at + 1 :], set()).add(code)
            self._short_places = {
                short: next(iter(codes)) for short, codes in shortened.items() if len(codes) == 1
            }
        meant = self._short_places.get(key)
        # the ratio of a name and itself with one letter left out
        score = round(200.0 * len(key) / (2 * len(key) + 1), 1)
        return (meant, "fuzzy", score) if meant else None

    def _nearest_among(
        self, kind: str, key: str, *, skip: frozenset[str]
    ) -> tuple[str, str, float] | None:
        keys, codes = self._choices[kind]
        best: dict[str, float] = {}
        for _choice, score, position in process.extract(
            _sorted_words(key), keys, scorer=fuzz.ratio, processor=None, limit=len(keys)
        ):
            if self._keys[kind][position] not in skip:
                best[codes[position]] = max(best.get(codes[position], 0.0), float(score))
        # and through the loose forms (letters confused by sound folded, plural endings
        # dropped): "مسكط" and "ضافر" are a sound and a slip away, two slips by the letter
        loose = loose_key(key)
        kept = {loose_key(k) for k in self._exact[kind] if k not in skip}
        loose_keys = [k for k in self._loose[kind] if k in kept]
        for _choice, score, position in process.extract(
            loose, loose_keys, scorer=fuzz.ratio, processor=None, limit=len(loose_keys)
        ):
            code = self._loose[kind][loose_keys[position]]
            best[code] = max(best.get(code, 0.0), float(score))
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        if not ranked or ranked[0][1] < CLOSED_CUTOFF:
            return None
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < CLOSED_MARGIN:
            return None
        return ranked[0][0], "fuzzy", ranked[0][1]

    def resolve_skills(self, texts: Iterable[str]) -> tuple[frozenset[str], list[str]]:
        """The skill codes a list of free-text skills names, and the texts nothing matched
        (a phrase only similar to a skill counts as not matched here: forms ask again)."""
        found = self.skill_phrases(texts)
        return found.codes, [text for text, _c, _s in found.similar] + list(found.unresolved)

    def skill_phrases(self, texts: Iterable[str]) -> SkillPhrases:
        """Every phrase resolved, down to "similar to": nothing typed is dropped silently."""
        codes: set[str] = set()
        similar: list[tuple[str, str, float]] = []
        unresolved: list[str] = []
        methods = {"exact": 0, "fuzzy": 0, "similar": 0, "none": 0}
        for text in texts:
            if not text or not text.strip():
                continue
            found = self.resolve("skill", text, similar=True)
            if self._key("skill", text.strip()) not in self._exact["skill"]:
                # an exact reading of one script's words is not the whole entry's
                alone = found is None or found.method == "similar"
                listed = self._listed_skills(text, least=1 if alone else 2)
                if listed is None and (alone or script_of(text) == "mixed"):
                    listed = self._listed_skills(text, least=2, joined=True)
                if listed is not None:
                    named, alike = listed
                    codes.update(r.code for r in named)
                    similar.extend((r.text, r.code, round(r.confidence, 3)) for r in alike)
                    exact = all(r.method in ("exact", "code") for r in named)
                    methods["exact" if exact else "fuzzy"] += 1
                    continue
            if found is None:
                unresolved.append(text)
                methods["none"] += 1
            elif found.method == "similar":
                similar.append((text, found.code, round(found.confidence, 3)))
                methods["similar"] += 1
            else:
                codes.add(found.code)
                methods["exact" if found.method in ("exact", "code") else "fuzzy"] += 1
        similar = [s for s in similar if s[1] not in codes]
        return SkillPhrases(frozenset(codes), tuple(similar), tuple(unresolved), methods)

    def _listed_skills(
        self, text: str, *, least: int, joined: bool = False
    ) -> tuple[list[Resolution], list[Resolution]] | None:
        """For an entry that lists several skills ("masonry, plastering", "تقويم الطلاب؛ إدارة
        الصف", "welding / plumbing"): the parts that name a skill and those only similar to
        one, when at least `least` parts name a skill (rules 2026-12.18: two when the whole
        entry named one, one when it named nothing surer than "similar to"); otherwise None."""
        parts = _list_parts(text, joined=joined)
        if len(parts) < 2:
            return None
        found = [self.resolve("skill", part, similar=True) for part in parts]
        named = [r for r in found if r is not None and r.method != "similar"]
        if len(named) < least:
            return None
        alike = [r for r in found if r is not None and r.method == "similar"]
        return named, alike

    # -- occupation knowledge ------------------------------------------------------------------

    @functools.lru_cache(maxsize=4096)  # noqa: B019
    def typical_skills(self, code: str) -> tuple[frozenset[str], frozenset[str]]:
        """(required-typical, optional-typical) skills of an occupation group at any level.

        A broader group's required skills are those required in at least half of its unit
        groups; everything else its units name is optional."""
        if code in self.essential or code in self.optional:
            return self.essential.get(code, frozenset()), self.optional.get(code, frozenset())
        units = [unit for unit in self.essential if unit.startswith(code) and len(unit) == 4]
        if not units:
            return frozenset(), frozenset()
        counts = Counter(skill for unit in units for skill in self.essential[unit])
        required = frozenset(s for s, n in counts.items() if n * 2 >= len(units))
        others = {
            s for unit in units for s in self.essential[unit] | self.optional.get(unit, set())
        }
        return required, frozenset(others - required)

    def infer_occupation(self, skills: frozenset[str], *, within: str = "") -> str | None:
        """The best unit group `infer_occupations` finds, or None."""
        found = self.infer_occupations(skills, within=within, limit=1)
        return found[0] if found else None

    def infer_occupations(
        self, skills: frozenset[str], *, within: str = "", limit: int = 1
    ) -> tuple[str, ...]:
        """The unit group (under `within`, when given) whose typical skills best cover
        `skills`, or None when no unit group shares at least two of them.

        Used when a profile gives no occupation: an explanation then says the occupation was
        inferred from the skills. Scored as (2 × required shared + optional shared) over the
        square root of (2 × required + optional + 1), for every unit group at once; the best
        `limit` groups, best first (ties by code). The square root since rules 2026-12.14: over
        the whole weight, a small unit group whose two skills someone holds beat the group
        whose five skills include those two and two more they hold (a cosine of the two
        profiles, the jobseeker's own size being the same for every group)."""
        if not hasattr(self, "_unit_matrix"):
            self._build_unit_matrix()
        columns = [self._skill_column[s] for s in skills if s in self._skill_column]
        if len(columns) < 2:
            return ()
        vector = np.zeros(len(self._skill_column))
        vector[columns] = 1.0
        shared = self._unit_matrix @ vector
        count = self._unit_any @ vector
        scores = np.where(count >= 2, shared / self._unit_size, -1.0)
        if within:
            scores = np.where(np.char.startswith(self._unit_codes, within), scores, -1.0)
        order = np.lexsort((self._unit_codes, -scores))[:limit]
        return tuple(str(self._unit_codes[i]) for i in order if scores[i] >= 0)

    def occupation_fits(self, skills: frozenset[str], codes: Sequence[str]) -> tuple[float, ...]:
        """How well `skills` fit each unit group of `codes`, scored as `infer_occupations`
        scores them (0 for a code that is not a unit group with skills)."""
        if not hasattr(self, "_unit_matrix"):
            self._build_unit_matrix()
        columns = [self._skill_column[s] for s in skills if s in self._skill_column]
        vector = np.zeros(len(self._skill_column))
        vector[columns] = 1.0
        found = [self._unit_rows.get(code) for code in codes]
        wanted = [i for i in found if i is not None]
        shared = self._unit_matrix[wanted] @ vector if wanted else np.zeros(0)
        fit = dict(zip(wanted, (shared / self._unit_size[wanted]).tolist(), strict=True))
        return tuple(fit.get(i, 0.0) if i is not None else 0.0 for i in found)

    def _build_unit_matrix(self) -> None:
        units = sorted(self.essential)
        self._skill_column = {code: i for i, code in enumerate(sorted(self.skills))}
        weights = np.zeros((len(units), len(self._skill_column)))
        for row, unit in enumerate(units):
            for skill in self.optional.get(unit, frozenset()):
                weights[row, self._skill_column[skill]] = 1.0
            for skill in self.essential[unit]:
                weights[row, self._skill_column[skill]] = 2.0
        self._unit_codes = np.array(units)
        self._unit_rows = {code: i for i, code in enumerate(units)}
        self._unit_matrix = sp.csr_matrix(weights)
        self._unit_any = sp.csr_matrix((weights > 0).astype(float))
        self._unit_size = np.sqrt(weights.sum(axis=1) + 1.0)

    def education_rank(self, code: str | None) -> int | None:
        return self.education[code][0] if code in self.education else None

    def label(self, kind: str, code: str, *, language: str = "en") -> str:
        """The label of a code in `language` ("ar" or "en"); the code itself if unknown."""
        table: Mapping[str, tuple[str, str]]
        if kind == "skill":
            table = self.skills
        elif kind == "occupation":
            table = self.occupations
        elif kind == "governorate":
            table = self.governorates
        else:
            table = {c: (en, ar) for c, (_r, en, ar) in self.education.items()}
        if code not in table:
            return code
        en, ar = table[code]
        return ar if language == "ar" and ar else en


_DIGITS = str.maketrans(
    {**{chr(0x0660 + d): str(d) for d in range(10)}, **{chr(0x06F0 + d): str(d) for d in range(10)}}
)


# What separates the skills of an entry that lists several (`Taxonomy._listed_skills`): commas,
# semicolons, slashes, bars and line breaks, the Arabic comma and semicolon, and since rules
# 2026-12.24 a plus sign with a space after it ("welding + grinding"; "C++" stays whole).
_LIST_SEPARATOR = re.compile(r"\s*[,;/|\n\u060c\u061b]\s*|(?<!\+)\s*\+\s+(?!\+)")
# "and", "&" and a standalone "و" join the words of one skill ("tool and die making", "health &
# safety", "الجلخ والتشطيب"), so an entry is split on them only when the whole names nothing
# surer than "similar to" and two parts or more name a skill each ("first aid and cooking",
# "إدارة المخاطر و الأمن السيبراني": rules 2026-12.24).
_JOINED = re.compile(r"\s+(?:and|&|و)\s+", re.IGNORECASE)
# The parts of a place written with its town, district or region ("Al Seeb, Muscat", "صحار -
# شمال الباطنة"): each part is read, and the place is named when they agree (rules 2026-12.24).
_PLACE_PARTS = re.compile(r"\s*[,/\u060c]\s*|\s+-\s+")


def _list_parts(text: str, *, joined: bool = False) -> list[str]:
    """The parts of an entry between list separators (with `joined`, also between "and",
    "&" and "و"), empty ones left out."""
    pattern = _JOINED if joined else _LIST_SEPARATOR
    if pattern.search(text) is None:
        return []
    return [part for part in pattern.split(text) if part.strip()]


def _spaced_code(written: str) -> str:
    """The code of digits typed with spaces inside ("23 53", "2 3 5 3") when together they
    make four digits at most; otherwise the first group alone ("2353 12" is 2353)."""
    groups = written.split()
    joined = "".join(groups)
    return joined if len(joined) <= 4 else groups[0]


def _by_ngrams(kind: str, code: str, cosine: float) -> tuple[str, str, float] | None:
    """What an n-gram cosine means: a fuzzy match, a skill it is only similar to, or
    nothing."""
    cutoff = {"skill": NGRAM_CUTOFF, "governorate": NGRAM_CUTOFF_GOVERNORATE}.get(
        kind, NGRAM_CUTOFF_OTHER_KINDS
    )
    if cosine >= cutoff:
        return code, "fuzzy", round(float(cosine) * 100, 1)
    if kind == "skill" and cosine >= SIMILAR_FLOOR:
        return code, "similar", round(float(cosine) * 100, 1)
    return None


def _script_parts(key: str) -> tuple[str, ...]:
    """The words of a phrase in two scripts, gathered by script: Arabic, then the others
    (Latin letters, digits)."""
    arabic = [word for word in key.split(" ") if script_of(word) == "ar"]
    others = [word for word in key.split(" ") if script_of(word) != "ar"]
    return tuple(" ".join(words) for words in (arabic, others) if words)


def _surer(found: tuple[str, str, float], than: tuple[str, str, float]) -> bool:
    """Whether one resolution is surer than another: a match over "similar to", then the
    higher score."""
    rank = {"exact": 2, "fuzzy": 1, "similar": 0}
    return (rank.get(found[1], 0), found[2]) > (rank.get(than[1], 0), than[2])


@functools.cache
def _framing() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The framing words' keys (`loading.framing_words`), prefixes and suffixes, longest
    first."""
    rows = loading.framing_words()
    prefixes = {normalize(r["text"]) for r in rows if r["position"] == "prefix"}
    suffixes = {normalize(r["text"]) for r in rows if r["position"] == "suffix"}
    return (
        tuple(sorted(prefixes, key=len, reverse=True)),
        tuple(sorted(suffixes, key=len, reverse=True)),
    )


def _framing_texts() -> list[str]:
    """The framing words in normal form, prefixes and suffixes alike (for `taxonomy.words`,
    which drops them wherever they stand)."""
    prefixes, suffixes = _framing()
    return [*prefixes, *suffixes]


# how long, after a skill: "(3 yrs)", "5 years", "(خبرة سنتين)"
_HOW_LONG = re.compile(
    r" (?:\d{1,2} ?(?:yrs?|years?)|(?:خبره )?(?:سنه|سنتين|سنتان|\d{1,2} سنوات|\d{1,2} سنه))$"
)


# A list's numbering before an entry ("1) welding", "2. cooking": "1 welding" once normalised):
# one or two digits alone at the start (rules 2026-12.25).
_NUMBERING = re.compile(r"^\d{1,2} (?=\D)")


@functools.lru_cache(maxsize=200_000)
def _without_framing(key: str) -> str:
    """A skill's key without the words around it that name no skill ("experienced in
    welding", "خبرة في اللحام", "welding (3 yrs)": "welding"; rules 2026-12.8). The Arabic
    article is dropped again from what is left ("معرفة بالتقارير"). `key` itself when
    nothing is left, or nothing was taken."""
    prefixes, suffixes = _framing()
    text = normalize(key) if key else key
    before = None
    while text and text != before:
        before = text
        text = _NUMBERING.sub("", _HOW_LONG.sub("", text))
        for prefix in prefixes:
            attached = len(prefix.rsplit(" ", 1)[-1]) == 1  # "معرفه ب": ب joins the word
            if text.startswith(prefix) and (attached or text[len(prefix) : len(prefix) + 1] == " "):
                text = text[len(prefix) :].strip()
                break
        else:
            text = _without_slipped_prefix(text, prefixes)
        for suffix in suffixes:
            if text.endswith(" " + suffix):
                text = text[: -len(suffix) - 1].strip()
                break
    stripped = strip_article(text)
    return stripped if len(stripped.replace(" ", "")) >= 3 else key


def _without_slipped_prefix(text: str, prefixes: Sequence[str]) -> str:
    """`text` without a framing prefix of two words or more typed a slip away ("خربة في",
    "expereinced in", "goud knowledge of"; rules 2026-12.13), when words are left after it."""
    words = text.split(" ")
    for prefix in prefixes:
        size = prefix.count(" ") + 1
        if size < 2 or len(prefix.replace(" ", "")) < 5 or len(prefix.rsplit(" ", 1)[-1]) == 1:
            continue
        if len(words) > size and OSA.distance(" ".join(words[:size]), prefix, score_cutoff=1) <= 1:
            return " ".join(words[size:])
    return text


def _without_rank(key: str) -> str:
    """A title's key without the RANK_WORDS before it (one a slip away counts, in words of
    five letters or more: "asistant", "senoir"); `key` itself when nothing else is left."""
    words = key.split(" ")
    while len(words) > 1 and _is_rank_word(words[0]):
        words = words[1:]
    return " ".join(words)


@functools.lru_cache(maxsize=20_000)
def _is_rank_word(word: str) -> bool:
    if word in RANK_WORDS:
        return True
    return len(word) >= 5 and any(
        len(rank) >= 5 and OSA.distance(word, rank, score_cutoff=1) <= 1 for rank in RANK_WORDS
    )


@functools.lru_cache(maxsize=20_000)
def _is_place_word(word: str) -> bool:
    """One of PLACE_WORDS, or a word of four letters or more one slip from one ("ولابة",
    "سلطبة", "عامن")."""
    if word in PLACE_WORDS:
        return True
    return len(word) >= 4 and any(
        len(place) >= 4 and OSA.distance(word, place, score_cutoff=1) <= 1 for place in PLACE_WORDS
    )


def _school_grade(key: str) -> str | None:
    """The level a school grade names ("grade 6", "12th grade", "صف سادس", run together or
    with "grade" a slip away: "grade6", "12th garde"), or None."""
    words = [
        _GRADE_WORD
        if word.isalpha()
        and len(word) >= 4
        and OSA.distance(word, _GRADE_WORD, score_cutoff=1) <= 1
        else word
        for word in key.split(" ")
    ]
    found = _GRADE.match(" ".join(words))
    if found is None:
        return None
    number = next(g for g in found.groups() if g is not None)
    grade = int(number) if number.isdigit() else _ARABIC_ORDINALS.get(number)
    if grade is None or not 1 <= grade <= FINAL_SCHOOL_GRADE:
        return None
    return "secondary" if grade == FINAL_SCHOOL_GRADE else "primary"


def _sorted_words(key: str) -> str:
    return " ".join(sorted(key.split(" ")))


def _file_synonyms(*, esco: bool) -> list[tuple[str, str, str]]:
    rows = loading.synonym_rows() + (loading.esco_synonym_rows() if esco else [])
    return [(row["kind"], row["code"], row["text"]) for row in rows]


@functools.cache
def taxonomy_from_files(*, esco: bool = True) -> Taxonomy:
    """The taxonomy as shipped in `taxonomy/data/`, without a database (benchmarks, the
    dataset generator, tests of the matcher). Built once per process. `esco=False` leaves
    out the synonyms ESCO lends (to rebuild them, `taxonomy.esco`)."""
    occupations = [(r["code"], r["title_en"], r["title_ar"]) for r in loading.isco08_rows()]
    units = [code for code, _en, _ar in occupations if len(code) == 4]
    links = loading.expand_occupation_skills(
        unit_codes=units, links=loading.occupation_skill_rows()
    )
    return Taxonomy.build(
        occupations=occupations,
        skills=[
            (r["code"], r["domain"], r["label_en"], r["label_ar"]) for r in loading.skill_rows()
        ],
        unit_links=[(unit, skill, relation) for unit, skill, relation, _source in links],
        synonyms=_file_synonyms(esco=esco),
        written=loading.written_forms(),
        education=[
            (r["code"], int(r["rank"]), r["label_en"], r["label_ar"])
            for r in loading.education_rows()
        ],
        governorates=[
            (r["code"], r["label_en"], r["label_ar"], r["neighbours"])
            for r in loading.governorate_rows()
        ],
    )

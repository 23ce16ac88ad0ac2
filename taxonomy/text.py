"""Normalising free text in Arabic or English before it is compared with the taxonomy.

Why: the same word reaches the portal written many ways. Arabic is typed with or without
diacritics and tatweel, with any of four alefs, with ى for ي and ة for ه, with Arabic-Indic
digits; English comes in any case, with stray punctuation and spacing. Synonyms are stored in
this normal form and every query is brought to it, so that exact lookup catches the common
variants and fuzzy matching only has to deal with real misspellings.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Harakat, tanween, shadda, sukun, superscript alef and Quranic marks.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        # Persian and Urdu forms that Arabic keyboards on some phones produce.
        "ک": "ك",
        "ی": "ي",
        "ۀ": "ه",
        # Arabic-Indic and Eastern Arabic-Indic digits.
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
        # Arabic punctuation.
        "،": " ",
        "؛": " ",
        "؟": " ",
    }
)
# Everything that is neither a letter nor a digit separates words; "+" and "#" stay because
# "c#" and "c++" are skills.
_SEPARATORS = re.compile(r"[^\w#+]+", re.UNICODE)
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_LATIN_LETTER = re.compile("[a-z]")


# A letter typed three times or more in a row, as a key that sticks or a word drawn out
# ("Teamworkkk", "iiindustrial", "مهاراتتت"): no word of either language has three, so the run
# is one letter (rules 2026-12.25). Digits are left alone: codes and numbers repeat them.
_STUCK = re.compile(r"([^\W\d_])\1{2,}")


def normalize(text: str) -> str:
    """The comparison form of `text`: case-folded, Arabic letters unified, a letter typed three
    times or more once, one space between words. Idempotent, so stored synonyms and queries
    can both go through it."""
    text = unicodedata.normalize("NFKC", text)
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "")
    text = text.translate(_LETTERS).casefold()
    text = _STUCK.sub(r"\1", text.replace("_", " "))
    return " ".join(_SEPARATORS.sub(" ", text).split())


def strip_article(text: str) -> str:
    """`text` (already normalised) without the Arabic definite article on each word.

    "الكهرباء" and "كهرباء" name the same thing; the article is dropped only from words long
    enough that what remains is still a word (so "الي" stays)."""
    words = []
    for word in text.split(" "):
        if word.startswith("ال") and len(word) > 4:
            word = word[2:]
        words.append(word)
    return " ".join(words)


@functools.lru_cache(maxsize=500_000)
def match_key(text: str) -> str:
    """The key exact lookup uses: normalised, without Arabic articles (remembered: the same
    texts come back thousands of times in a bulk import)."""
    return strip_article(normalize(text))


# Letters people who write Arabic as a second language, or as they speak it, put for one
# another: an emphatic consonant and its plain pair (ص/س, ط/ت, ظ/ض), and the interdentals that
# Gulf and urban speech pronounce as stops or sibilants (ث/س, ذ/ز). Folded only in the loose
# key, never in the exact one: "صف" and "سف" are different words a synonym may need to tell
# apart, and a loose key that two codes share is not used.
_SOUNDS = str.maketrans({"ظ": "ض", "ذ": "ز", "ث": "س", "ص": "س", "ط": "ت"})
_REPEATS = re.compile(r"(.)\1+")


def singular(word: str) -> str:
    """An English or Arabic word without a regular plural ending (both sides of a comparison
    go through it, so "analysis" → "analysi" harms nothing)."""
    if word.isascii():
        if len(word) > 4 and word.endswith("ies"):
            return word[:-3] + "y"
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            return word[:-1]
        return word
    if len(word) >= 5 and word.endswith("ات"):
        return word[:-2]
    return word


@functools.lru_cache(maxsize=500_000)
def loose_key(key: str) -> str:
    """A coarser key than `match_key` (from its result) for what exact lookup missed: words
    in the singular, Arabic letters confused by sound folded, doubled letters single, and the
    spaces between words gone ("HR administration", "hradministration", "HR administrations"
    meet). The resolver trusts it only where it names one code."""
    words = [singular(word) for word in key.split(" ")]
    return _REPEATS.sub(r"\1", "".join(words).translate(_SOUNDS))


def script_of(text: str) -> str:
    """ "ar", "en", "mixed" or "" (no letters): for reporting text in an unexpected script."""
    folded = text.casefold()
    arabic = bool(_ARABIC_LETTER.search(folded))
    latin = bool(_LATIN_LETTER.search(folded))
    if arabic and latin:
        return "mixed"
    if arabic:
        return "ar"
    if latin:
        return "en"
    return ""


def name_problem(value: str, *, language: str, longest: int = 200) -> str:
    """What is wrong with `value` as a person's name in `language` ("ar" or "en"): a translated
    message, or "" when it is fine."""
    from django.utils.translation import gettext

    if len(value) > longest:
        return gettext("Keep the name under 200 characters.")
    if script_of(value) != language:
        return (
            gettext("Write the name in Arabic letters.")
            if language == "ar"
            else gettext("Write the name in English letters.")
        )
    return ""

"""Experience and willingness to move as people write them, read into what the matcher compares.

Why: a jobseeker's profile form takes years of experience as a number, but a file imported from
another system, or a vacancy copied from a job advertisement, says "3 yrs", "2-3 years",
"سنتين", "خبرة لا تقل عن ثلاث سنوات", "18 months" or "fresh graduate", and a willingness to
move as "yes" or "نعم". Read as numbers only, all of those were unknown: a jobseeker with five
years written in words was not known to meet a vacancy's minimum, and a vacancy asking for
three years in words asked for none.

The reading is conservative, because both sides are compared as a minimum: a range ("2-3
years", "من 2 إلى 3") counts as its lower end, "more than 5" as 5, "less than 3" as 2 (whole
years completed), and a phrase that names no quantity ("years of experience", "several
years") stays unknown rather than guessed.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, Final

from django.utils import timezone

from taxonomy.text import normalize

LONGEST_CAREER_YEARS: Final = 70

# a decimal point or comma between digits (Arabic writes ٫), and dashes, tildes and slashes
# between numbers, which say a range
_DECIMAL = re.compile(r"(\d)\s*[.,\u066b]\s*(\d)")
_RANGE = re.compile(r"(\d)\s*[-\u2010-\u2015~/]\s*(?=\d)")
_BOUNDARY = re.compile(r"(?<=\d)(?=[^\d\s.])|(?<=[^\d\s.])(?=\d)")

# words are compared normalised (taxonomy.text.normalize: alef, yaa and taa marbuta unified)
_ONES: Final = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "couple": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50,
    "صفر": 0, "واحد": 1, "واحده": 1, "احد": 1, "احدي": 1, "اثنان": 2, "اثنين": 2,
    "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2, "ثنتين": 2, "ثلاث": 3, "ثلاثه": 3,
    "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7,
    "ثمان": 8, "ثماني": 8, "ثمانيه": 8, "تسع": 9, "تسعه": 9, "عشر": 10, "عشره": 10,
    "عشرين": 20, "عشرون": 20, "ثلاثين": 30, "ثلاثون": 30, "اربعين": 40, "اربعون": 40,
}  # fmt: skip
_HALF: Final = frozenset({"half", "نصف", "نص"})
# unit words, in years; a dual ("سنتين": two years) carries its own count
_UNITS: Final = {
    "year": 1.0, "years": 1.0, "yr": 1.0, "yrs": 1.0, "y": 1.0, "yoe": 1.0, "yeras": 1.0,
    "month": 1 / 12, "months": 1 / 12, "mo": 1 / 12, "mos": 1 / 12, "mth": 1 / 12,
    "mths": 1 / 12, "m": 1 / 12, "decade": 10.0, "decades": 10.0,
    "سنه": 1.0, "سنوات": 1.0, "سنين": 1.0, "سنون": 1.0, "عام": 1.0, "اعوام": 1.0,
    "عاما": 1.0, "شهر": 1 / 12, "اشهر": 1 / 12, "شهور": 1 / 12, "شهرا": 1 / 12, "عقد": 10.0,
}  # fmt: skip
_DUALS: Final = {
    "سنتين": 1.0,
    "سنتان": 1.0,
    "عامين": 1.0,
    "عامان": 1.0,
    "شهرين": 1 / 12,
    "شهران": 1 / 12,
}
_PLURAL_ONLY: Final = frozenset({"years", "yrs", "months", "mos", "سنوات", "سنين", "اعوام"})
_RANGE_WORDS: Final = frozenset({"to", "or", "الي", "او"})
_BELOW: Final = ("less than", "under", "below", "up to", "اقل من", "دون", "حتي")
_SINCE: Final = ("since", "from", "منذ", "من عام", "من سنه")
_UNTIL_NOW: Final = ("present", "now", "today", "date", "current", "الان", "حاليا", "الحاضر")
_NONE_AT_ALL: Final = (
    "no experience", "without experience", "fresh", "fresher", "entry level", "none",
    "nil", "zero", "not required", "بدون خبره", "بلا خبره", "لا يوجد", "لا توجد", "لا خبره",
    "حديث التخرج", "حديثي التخرج", "خريج جديد", "غير مطلوب", "غير مطلوبه", "لا يشترط",
)  # fmt: skip
_YES: Final = frozenset(
    {"yes", "y", "true", "1", "willing", "ok", "sure", "نعم", "اي", "ايوه", "ايه", "موافق",
     "مستعد", "ممكن", "اكيد", "نعم مستعد"}
)  # fmt: skip


def _tokens(text: str) -> list[str]:
    text = _DECIMAL.sub(r"\1 decimalpoint \2", text)
    text = _RANGE.sub(r"\1 to ", text)
    words = _BOUNDARY.sub(" ", normalize(text)).split()
    out: list[str] = []
    for word in words:
        # the conjunction و written onto the next word ("وستة", "و6"), and "+" onto a number
        if len(word) > 2 and word.startswith("و") and (word[1:] in _ONES or word[1:] in _HALF):
            out += ["و", word[1:]]
        elif word.endswith("+") and word[:-1].isdigit():
            out += [word[:-1], "+"]
        else:
            out.append(word)
    joined = " ".join(out)
    joined = re.sub(r"(\d+) decimalpoint (\d+)", r"\1.\2", joined)
    return joined.split()


def _number(word: str) -> float | None:
    if re.fullmatch(r"\d+(\.\d+)?", word):
        return float(word)
    return float(_ONES[word]) if word in _ONES else None


def years_written(value: Any, *, today: datetime.date | None = None) -> float | None:
    """Years of experience from a number or from text in English or Arabic; None when the
    value says no quantity or one out of a career's range (0 to 70 years)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        years: float | None = float(value)
    else:
        years = _read(str(value), today=today or timezone.localdate())
    if years is None or not 0 <= years <= LONGEST_CAREER_YEARS:
        return None
    return round(years, 2)


def _read(text: str, *, today: datetime.date) -> float | None:
    words = _tokens(text)
    if not words:
        return None
    plain = " ".join(words)
    if len(words) == 1 and _number(words[0]) is not None and words[0] not in _ONES:
        return float(words[0])
    # a year of the calendar after "since": the years from it to today
    # two years of the calendar ("2018-2023", "2019 to present"): the years between them
    span = re.search(r"(?:^| )(\d{4}) to (\d{4}|[^ ]+)(?: |$)", plain)
    if span and 1950 <= int(span.group(1)) <= today.year:
        end = span.group(2)
        if end.isdigit() and int(span.group(1)) <= int(end) <= today.year:
            return float(int(end) - int(span.group(1)))
        if end in _UNTIL_NOW:
            return float(today.year - int(span.group(1)))
    for marker in _SINCE:
        found = re.search(rf"(?:^| ){marker} (\d{{4}})(?: |$)", plain)
        if found and 1950 <= int(found.group(1)) <= today.year:
            return float(today.year - int(found.group(1)))
    total, counted = _quantities(words)
    if counted:
        if any(re.search(rf"(?:^| ){marker}(?: |$)", plain) for marker in _BELOW):
            # "less than 3 years": whole years completed, at most 2
            return max(0.0, total - 1.0) if total >= 1 else 0.0
        return total
    if any(re.search(rf"(?:^| ){phrase}(?: |$)", plain) for phrase in _NONE_AT_ALL):
        return 0.0
    return None


def _quantities(words: list[str]) -> tuple[float, bool]:
    """The sum of the quantities the words name ("2 years 6 months": 2.5), a range counted as
    its lower end, and whether any quantity was named."""
    total, counted = 0.0, False
    pending: float | None = None  # a number waiting for its unit
    in_range = False  # the number pending is a range's lower end: the upper one is skipped
    between = "between" in words or "بين" in words  # "بين 2 و 3": the و says a range
    i = 0
    while i < len(words):
        word = words[i]
        after = words[i + 1] if i + 1 < len(words) else None
        if word in ("a", "an", "single") and after not in _UNITS and after != "couple":
            i += 1  # an article, not a number ("n/a"), unless a unit follows
            continue
        if word in ("واحد", "واحده") and i and (words[i - 1] in _UNITS or words[i - 1] in _DUALS):
            i += 1  # "سنة واحدة": the unit already counted one
            continue
        number = _number(word)
        if number is not None:
            # "خمسة عشر" (fifteen), "twenty five": a teen or a tens-and-units number
            follow = _number(words[i + 1]) if i + 1 < len(words) else None
            if word in _ONES and words[i + 1 : i + 2] in (["عشر"], ["عشره"]):
                number, i = number + 10, i + 1
            elif (
                word in _ONES
                and follow is not None
                and number in (20, 30, 40, 50)
                and (words[i + 1] in _ONES and follow < 10)
            ):
                number, i = number + follow, i + 1
            if pending is None or not in_range:
                pending = number
            in_range = False
        elif word in _RANGE_WORDS or word in ("+", "plus", "and", "و"):
            if (word in _RANGE_WORDS or (between and word in ("and", "و"))) and (
                pending is not None
            ):
                in_range = True
            elif word in _RANGE_WORDS and counted:
                break  # "6 months to 1 year": what follows is the range's upper end
            elif word in ("and", "و") and pending is None and counted and _half_next(words, i):
                total += 0.5 * _last_unit(words, i)
                i += 2 if words[i + 1] in _HALF else 3
                continue
        elif word in _HALF:
            unit = _unit_after(words, i)
            if unit is not None:
                skip = 3 if words[i + 1] in ("a", "an") else 2
                total, counted, i = total + 0.5 * unit, True, i + skip
                pending = None
                continue
        elif word in _DUALS:
            total += 2 * _DUALS[word]
            counted, pending = True, None
        elif word in _UNITS:
            if pending is not None:
                total += pending * _UNITS[word]
                counted, pending = True, None
            elif word not in _PLURAL_ONLY and word not in ("y", "m", "mo"):
                # a unit alone in the singular: "a year", "سنة", "عام"
                total += _UNITS[word]
                counted = True
        i += 1
    if pending is not None:
        # a number with no unit after it: years
        total, counted = total + pending, True
    return total, counted


def _half_next(words: list[str], i: int) -> bool:
    after = words[i + 1 : i + 3]
    return bool(after) and (after[0] in _HALF or (after[0] == "a" and after[1:] == ["half"]))


def _last_unit(words: list[str], i: int) -> float:
    for word in reversed(words[:i]):
        if word in _UNITS:
            return _UNITS[word]
        if word in _DUALS:
            return _DUALS[word]
    return 1.0


def _unit_after(words: list[str], i: int) -> float | None:
    nxt = words[i + 1] if i + 1 < len(words) else None
    if nxt in ("a", "an") and i + 2 < len(words):
        nxt = words[i + 2]
    return _UNITS.get(nxt) if nxt is not None else None


def willing_written(value: Any) -> bool:
    """Whether a jobseeker said they would move: true, or a yes in English or Arabic
    ("yes", "Y", "نعم", "مستعد"); anything else, or nothing, is no."""
    if value is True:
        return True
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value == 1
    if not isinstance(value, str):
        return False
    return normalize(value) in _YES

"""Arabizi: Arabic typed in Latin letters, with digits for the letters Latin lacks.

Why: people in the Gulf type Arabic on a phone as they say it ("edara alm5a6r" is إدارة
المخاطر, "r5sa gyada thgyla" رخصة قيادة ثقيلة, "Khedmat El 3Omala" خدمة العملاء), and a skill
written so shares no letter with either of the taxonomy's labels (ADR 0014, issue 24).

How: both the Arabic labels and the typed phrase are brought to a consonant skeleton, a string
of consonant classes, and compared with rapidfuzz. The classes merge the letters that one Latin
spelling stands for, or that Gulf speech says alike:

- the long vowels ا و ي, hamza on any seat, and every Latin vowel (a e i o u, and w y, which
  stand for و ي as often as for a vowel) are left out: short vowels are not written in Arabic,
  and long ones are typed as a vowel, two or none ("tashgheel", "tshghyl");
- ت ط are "t" (t, 6); س ص are "s" (s, 9); د ض ذ ظ ث ز are "d" (d, dh, th, z: Gulf speech
  says ض as ظ, and ذ ظ ث are typed th, dh, z or d); ق ك ج غ are "k" (q, k, and g, which is ق
  in the Gulf and ج in Egypt; gh and 8 are غ or ق; j is ج); ح ه are "h" (7, h); خ is "x" (kh,
  5); ش is "c" (sh, ch); ع is "3" and may be left out, as people often do ("omala"); p is b
  and v is f, letters Arabic lacks;
- the article ال is dropped, alone ("al", "el", "il") or joined ("alm5a6r", "ashshabakat"),
  and after the clitics و ب ف ل ("wal", "bel");
- the taa marbuta (ه after normalising) is dropped at the end of a word, or read as t before
  another word ("khedmat el 3omala"), and a typed word's final h after a vowel ("edarah") is
  tried with and without it;
- a letter doubled (shadda, or typed twice) is one.

Only a phrase that looks like Arabizi is read: one whose words are not English words (the
taxonomy's English labels, synonyms and framing words, and a few common words); English words
around it ("hands-on edara alshbkat") are left out.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from taxonomy import loading
from taxonomy.text import match_key

# Arabic letter (after `taxonomy.text.normalize`) → consonant class; absent letters (ا و ي ء
# and anything not Arabic) are left out.
_ARABIC = {
    "ب": "b", "ت": "t", "ط": "t", "ث": "d", "د": "d", "ذ": "d", "ض": "d", "ظ": "d", "ز": "d",
    "ج": "k", "ق": "k", "ك": "k", "غ": "k", "ح": "h", "ه": "h", "خ": "x", "ر": "r", "س": "s",
    "ص": "s", "ش": "c", "ع": "3", "ف": "f", "ل": "l", "م": "m", "ن": "n",
}  # fmt: skip
# Latin letters and digits, two-letter spellings first.
_DIGRAPHS = {
    "sh": "c", "ch": "c", "kh": "x", "gh": "k", "th": "d", "dh": "d", "ph": "f",
    "3'": "k", "7'": "x", "6'": "d", "9'": "d",
}  # fmt: skip
_LATIN = {
    "b": "b", "p": "b", "t": "t", "6": "t", "d": "d", "z": "d", "s": "s", "9": "s", "c": "k",
    "k": "k", "q": "k", "g": "k", "j": "k", "8": "k", "5": "x", "x": "c", "7": "h", "h": "h",
    "3": "3", "f": "f", "v": "f", "l": "l", "m": "m", "n": "n", "r": "r",
}  # fmt: skip
_VOWELS = frozenset("aeiouyw")
# Two-letter spellings that are as often two letters: ك or س ص, then ه.
_SPLIT = frozenset({"sh", "kh"})
# The article typed alone, and joined to the clitics و ب ف ل before it ("wal", "bel", "lil").
_ARTICLES = frozenset({"al", "el", "il", "ul", "l"})
_CLITIC_ARTICLES = {
    "wal": "", "wel": "", "wil": "", "w": "", "wa": "", "we": "", "u": "", "bil": "b",
    "bel": "b", "bl": "b", "fil": "f", "fel": "f", "lil": "l", "lel": "l",
}  # fmt: skip
# The article before a sun letter, said as that letter ("ash-shabakat", "at-tasmeem").
_SUN_ARTICLES = frozenset(
    {"ash", "as", "at", "ad", "ar", "an", "az", "ath", "adh", "es", "et", "ed", "er", "en", "ez",
     "esh", "eth", "edh"}
)  # fmt: skip
_JOINED_ARTICLE = re.compile(r"^([wbfl]?)[aeiu]l(?=[a-z0-9']{3})")
_ARTICLE_JOINED = re.compile(r"^[ae]l[a-z0-9']{3}")
_DOUBLED_SUN = re.compile(r"^[ae](sh|th|dh|[tdrzsln])\1")
# Arabic-language words that join a skill's words ("fi", "ma3"), read as nothing.
_ARABIZI_WORDS = frozenset(
    {"fi", "fe", "fy", "f", "ma3", "m3", "3la", "3ala", "3ly", "3l", "3an", "3n", "min", "mn"}
)
_ARABIC_SMALL = frozenset({"و", "في", "مع", "علي", "عن", "من"})
# English words common enough in a skill entry that the taxonomy's lists may not have them.
_ENGLISH = frozenset(
    {
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "with", "and", "or", "by", "from",
        "as", "is", "are", "be", "i", "my", "me", "we", "our", "it", "this", "that", "hands",
        "good", "very", "excellent", "strong", "basic", "advanced", "expert", "knowledge",
        "experience", "experienced", "skill", "skills", "work", "working", "worked", "years",
        "year", "yrs", "yr", "months", "able", "can", "do", "know", "familiar", "fluent",
        "certified", "certificate", "course", "training", "trained", "job", "also", "some",
        "etc", "all", "any", "well", "have", "has", "had", "not", "no", "yes", "ok",
    }
)  # fmt: skip
# The least skeleton (consonant classes) a phrase needs before it is compared; a phrase of three
# must be one word, and one skill's skeleton exactly.
LEAST = 3


def _cutoff(length: int) -> float:
    """The least rapidfuzz ratio of two skeletons for a query skeleton of `length` classes: one
    class left out or added among four, one changed among ten."""
    if length <= LEAST:
        return 100.0
    if length <= 5:
        return 88.0
    if length <= 8:
        return 84.0
    return 80.0


@functools.lru_cache(maxsize=100_000)
def arabic_skeletons(text: str, *, spaced: bool = False) -> tuple[str, ...]:
    """The skeletons of an Arabic phrase (or of its match key), its classes run together or
    word by word with `spaced`: the taa marbuta dropped or read as t before another word, and
    ع kept or left out."""
    words = [_arabic_word(word) for word in match_key(text).split(" ") if word]
    words = [word for word in words if word]
    if not words:
        return ()
    found = []
    for marbuta in ("", "ت"):
        spelt = [
            word[:-1] + marbuta if word.endswith("ه") and at < len(words) - 1 else word
            for at, word in enumerate(words)
        ]
        spelt[-1] = spelt[-1][:-1] if spelt[-1].endswith("ه") else spelt[-1]
        classes = [_classes(_ARABIC.get(letter, "") for letter in word) for word in spelt]
        skeleton = " ".join(c for c in classes if c) if spaced else _classes(classes)
        found += [skeleton, " ".join(skeleton.replace("3", "").split())]
    return tuple(dict.fromkeys(s.strip() for s in found if s.strip()))


def _arabic_word(word: str) -> str:
    """A word without the article, also after و ب ف ك ("والسلامه", "بالطوب") and as لل; the
    small words that join a skill's words ("في", "مع") are left out, as typed (_ARABIZI_WORDS)."""
    if word in _ARABIC_SMALL:
        return ""
    while word.startswith("ال") and len(word) >= 4:
        word = word[2:]
    if len(word) > 5 and word[0] in "وبفك" and word[1:3] == "ال":
        return word[0] + word[3:]
    if len(word) > 4 and word.startswith("لل"):
        return word[1:]
    return word


def _classes(classes: Iterable[str]) -> str:
    """Classes run together, a class repeated once."""
    out: list[str] = []
    for item in classes:
        for cls in item:
            if not out or out[-1] != cls:
                out.append(cls)
    return "".join(out)


def _tokens(text: str) -> list[str]:
    """The typed words, a letter typed three times or more once ("alllnjara": a slip)."""
    if not text.isascii():
        return []
    return [_TRIPLED.sub(r"\1", word) for word in re.findall(r"[a-z0-9']+", text.casefold())]


_TRIPLED = re.compile(r"(.)\1\1+")


@functools.lru_cache(maxsize=100_000)
def arabizi_skeletons(text: str) -> tuple[str, ...]:
    """The skeletons of a phrase typed in Arabizi (all of it: `arabizi_runs` picks the part
    worth reading): the final h after a vowel kept, and dropped as a taa marbuta."""
    words = _tokens(text.casefold())
    return _skeletons_of(tuple(words))


def _skeletons_of(
    words: Sequence[str], *, spaced: bool = False, splits: bool = True
) -> tuple[str, ...]:
    """The skeletons of typed words (their classes run together, or word by word with
    `spaced`): the final h after a vowel kept or dropped, and sh, kh read as one letter or
    (with `splits`) as two ("alkhrba2ya" is الكهربائية, "alsharyj" الصهاريج)."""
    pieces: list[str] = []
    for at, word in enumerate(words):
        last = at == len(words) - 1
        if word in _ARTICLES or word in _ARABIZI_WORDS:
            continue
        if word in _CLITIC_ARTICLES:
            pieces.append(_CLITIC_ARTICLES[word])
            continue
        if word in _SUN_ARTICLES and not last:
            continue
        if word.isdigit():
            continue
        pieces.append(_bare(word))
    found: list[str] = []
    for drop_h in (False, True):
        for split in (False, True) if splits else (False,):
            classes = [_latin_classes(piece, drop_h=drop_h, split=split) for piece in pieces]
            if spaced:
                found.append(" ".join(_classes(c) for c in classes if c))
            else:
                found.append(_classes(classes))
    return tuple(dict.fromkeys(s for s in found if s))


def _bare(word: str) -> str:
    """A typed word without its article: "alm5a6r", "el3omala", "walsalama", "attasmeem"."""
    doubled = _DOUBLED_SUN.match(word)
    if doubled:
        return word[len(doubled.group(1)) + 1 :]
    joined = _JOINED_ARTICLE.match(word)
    if joined:
        return joined.group(1).replace("w", "") + word[joined.end() :]
    return word


def _latin_classes(word: str, *, drop_h: bool, split: bool = False) -> str:
    if drop_h and len(word) > 2 and word.endswith("h") and word[-2] in _VOWELS:
        word = word[:-1]
    out = []
    at = 0
    while at < len(word):
        pair = word[at : at + 2]
        if pair in _DIGRAPHS and not (split and pair in _SPLIT):
            out.append(_DIGRAPHS[pair])
            at += 2
            continue
        out.append(_LATIN.get(word[at], ""))
        at += 1
    return "".join(out)


@functools.cache
def english_words() -> frozenset[str]:
    """The words of the taxonomy's English labels, synonyms, titles and framing words, and a
    few common ones: a word among them is read as English, not as Arabizi."""
    texts = [row["label_en"] for row in loading.skill_rows()]
    texts += [row["title_en"] for row in loading.isco08_rows()]
    texts += [row["text"] for row in loading.synonym_rows() + loading.esco_synonym_rows()]
    texts += [row["text"] for row in loading.framing_words()]
    words = {
        word
        for text in texts
        if text.isascii()
        for word in re.findall(r"[a-z]+", text.casefold())
        if len(word) >= 2
    }
    return frozenset((words | _ENGLISH) - _ARTICLES - _ARABIZI_WORDS - set(_CLITIC_ARTICLES))


class English:
    """A vocabulary of English words, and whether a typed word is one of them as typed:
    spelt right, with a letter repeated ("advanccced"), a slip away ("safity", "nitwork"),
    cut short ("negotiati", "servi") or without its vowels ("drvg")."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(words)
        self._sorted = sorted(self.words)
        self._long = [word for word in self._sorted if len(word) >= _SLIP_LEAST - 1]

    @functools.lru_cache(maxsize=100_000)  # noqa: B019 (one vocabulary per index, kept)
    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word.isalpha():
            return False
        if word in self.words or _REPEATS.sub(r"\1", word) in self.words:
            return True
        if _LATIN_ONLY.search(word):
            return True  # letters Arabic lacks: "icdl", "datatypist"
        if len(word) >= _CUT_LEAST and self._begins(word):
            return True  # cut short
        if not _VOWEL_LETTERS.search(word) and self._abbreviates(word):
            return True
        return len(word) >= _SLIP_LEAST and (
            process.extractOne(word, self._long, scorer=Levenshtein.distance, score_cutoff=1)
            is not None
        )

    def _begins(self, prefix: str) -> bool:
        at = bisect.bisect_left(self._sorted, prefix)
        return at < len(self._sorted) and self._sorted[at].startswith(prefix)

    def _abbreviates(self, word: str) -> bool:
        """A word of consonants that a known word of the same first letter holds in order
        ("drvg": driving, "mgmt": management)."""
        at = bisect.bisect_left(self._sorted, word[0])
        while at < len(self._sorted) and self._sorted[at].startswith(word[0]):
            letters = iter(self._sorted[at])
            if all(letter in letters for letter in word):
                return True
            at += 1
        return False


# English typed with slips: a word of _SLIP_LEAST letters or more one edit from a known word, of
# _CUT_LEAST or more the start of one.
_SLIP_LEAST = 6
_CUT_LEAST = 4
_REPEATS = re.compile(r"(.)\1+")
_VOWEL_LETTERS = re.compile("[aeiouy]")
# Letters Arabizi does without: p, v and x name sounds Arabic lacks, and c is typed only in ch.
_LATIN_ONLY = re.compile("[pvx]|c(?!h)")


@functools.cache
def default_english() -> English:
    return English(english_words())


# The digits typed for Arabic letters (2 ء, 3 ع, 5 خ, 6 ط, 7 ح, 8 غ ق, 9 ص ق).
_LETTER_DIGITS = frozenset("2356789")


def _evidence(word: str) -> bool:
    """A typed word that only Arabizi spells: a digit for an Arabic letter ("is3afat", "7l"),
    or the article joined to it ("alm5a6r", "aljwda")."""
    has_digit = any(ch in _LETTER_DIGITS for ch in word) and any(ch.isalpha() for ch in word)
    return has_digit or bool(_ARTICLE_JOINED.match(word))


def _acronym(word: str) -> bool:
    """A word of capitals and small letters mixed otherwise than in all capitals or in title
    case ("IkDL", "SMAWwelder"): an English acronym, never Arabizi ("Al7Farat" is title
    case)."""
    return word not in (word.lower(), word.upper(), word.title())


def arabizi_runs(text: str, english: English | None = None) -> list[tuple[str, ...]]:
    """The parts of an ASCII phrase worth reading as Arabizi: each run of words that are not
    English (with the articles and small words between them), and the whole phrase when it has
    no more English words than others. A part is read when something only Arabizi spells is in
    it (a digit for a letter, the article), or when the phrase has no English word at all.
    Empty for a phrase of English words, even misspelt ones."""
    english = default_english() if english is None else english
    words = _tokens(text.casefold())
    if not words:
        return []
    small = _ARTICLES | _ARABIZI_WORDS | set(_CLITIC_ARTICLES) | _SUN_ARTICLES
    cased = re.findall(r"[A-Za-z0-9']+", text)
    kinds = [
        "small" if word in small else "number" if word.isdigit() else
        "english" if word in english or _acronym(as_typed) else "typed"
        for word, as_typed in zip(words, cased, strict=True)
    ]  # fmt: skip
    if "typed" not in kinds:
        return []
    articles = any(word in _ARTICLES for word in words)
    pure = "english" not in kinds

    def readable(run: Sequence[str]) -> bool:
        return pure or articles or any(_evidence(word) for word in run)

    runs: list[tuple[str, ...]] = []
    current: list[str] = []
    for word, kind in [*zip(words, kinds, strict=True), ("", "end")]:
        if kind in ("typed", "small"):
            current.append(word)
            continue
        typed = [w for w in current if w not in small]
        if typed and readable(typed):
            runs.append(tuple(current))
        current = []
    english_count = kinds.count("english")
    if (
        english_count
        and english_count <= kinds.count("typed")
        and (articles or any(_evidence(word) for word in words))
    ):
        runs.append(tuple(words))
    return runs


def looks_arabizi(text: str) -> bool:
    """Whether an ASCII phrase has words that are not English, to be read as Arabizi."""
    return any(
        len(skeleton) >= LEAST for run in arabizi_runs(text) for skeleton in _skeletons_of(run)
    )


class ArabiziIndex:
    """The skeletons of a kind's Arabic keys (labels and synonyms), and the nearest code of
    a typed phrase's.

    A key that joins two things ("المخبوزات والحلويات", "غسل الأواني وتنظيف المطبخ") is also
    indexed by its words before the second (`key_parts`): people type the first alone. A part
    is compared only when no whole key comes near, and counts PART_SCALE of its ratio."""

    def __init__(
        self, keys: Sequence[str], codes: Sequence[str], *, english: Iterable[str] = ()
    ) -> None:
        wholes: dict[str, set[str]] = {}
        parts: dict[str, set[str]] = {}
        spaced: dict[str, set[str]] = {}
        for key, code in zip(keys, codes, strict=True):
            if key.isascii():
                continue
            for skeleton in arabic_skeletons(key):
                wholes.setdefault(skeleton, set()).add(code)
            for skeleton in arabic_skeletons(key, spaced=True):
                spaced.setdefault(skeleton, set()).add(code)
            for part in key_parts(key):
                for skeleton in arabic_skeletons(part):
                    parts.setdefault(skeleton, set()).add(code)
        self._tables = [
            (list(table), [frozenset(c) for c in table.values()], scale)
            for table, scale in ((wholes, 1.0), (parts, PART_SCALE))
        ]
        self._spaced = {skeleton: frozenset(c) for skeleton, c in spaced.items()}
        self._english = English(english_words() | frozenset(english))

    @functools.lru_cache(maxsize=100_000)  # noqa: B019 (one index per taxonomy, kept)
    def best(self, text: str, *, stricter: float = 0.0) -> tuple[str, float] | None:
        """(code, ratio 0–100) of the Arabic key whose skeleton comes nearest the phrase's,
        when it reaches the cut-off for its length (raised by `stricter`) and no other code
        comes as near; None for a phrase that does not look like Arabizi. The longest part of
        the phrase worth reading (`arabizi_runs`) that comes near a key decides; a close call
        between two codes is no answer."""
        runs = arabizi_runs(text, self._english)
        plain = {
            skeleton
            for run in runs
            for skeleton in _skeletons_of(run, splits=False)
            if len(skeleton) > LEAST or (len(skeleton) == LEAST and _one_word(run))
        }
        split = {
            skeleton
            for run in runs
            for skeleton in _skeletons_of(run)
            if len(skeleton) > LEAST or (len(skeleton) == LEAST and _one_word(run))
        } - plain
        # sh and kh as two letters only when as one they name nothing
        tiers = [(table, tier) for table in self._tables for tier in (plain, split)]
        for (skeletons, codes, scale), tier in tiers:
            by_length: dict[int, dict[str, float]] = {}
            for skeleton in sorted(tier, key=lambda skeleton: (-len(skeleton), skeleton)):
                cutoff = min(100.0, _cutoff(len(skeleton)) + stricter)
                best = by_length.setdefault(len(skeleton), {})
                for _choice, score, position in process.extract(
                    skeleton,
                    skeletons,
                    scorer=fuzz.ratio,
                    processor=None,
                    limit=8,
                    score_cutoff=cutoff,
                ):
                    for code in codes[position]:
                        best[code] = max(best.get(code, 0.0), float(score) * scale)
            for best in by_length.values():
                if not best:
                    continue
                ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
                if len(ranked) > 1 and ranked[1][1] >= ranked[0][1]:
                    return None  # two codes as near: no answer
                return ranked[0]
        return self._short(runs)

    def _short(self, runs: Sequence[tuple[str, ...]]) -> tuple[str, float] | None:
        """A phrase of words too short to compare run together ("alsyana alwga2ya": s n, k):
        the code whose key has the same classes word by word, when only one has."""
        found = {
            code
            for run in runs
            if not _one_word(run)
            for skeleton in _skeletons_of(run, spaced=True)
            if skeleton.count(" ") >= 1
            for code in self._spaced.get(skeleton, ())
        }
        return (next(iter(found)), 100.0) if len(found) == 1 else None


def _one_word(run: Sequence[str]) -> bool:
    """Whether a run has one word besides articles and small words: three classes from two
    words are mostly vowels, too little to tell a skill by."""
    small = _ARTICLES | _ARABIZI_WORDS | set(_CLITIC_ARTICLES) | _SUN_ARTICLES
    return sum(1 for word in run if word not in small) == 1


# A part of a key (`key_parts`) is a weaker reading than the whole key.
PART_SCALE = 0.95


def key_parts(key: str) -> list[str]:
    """The first words of a key that people type without the rest: those before "و" with the
    article ("المخبوزات والحلويات": "المخبوزات"), and the first two words or more when more
    follow ("غسل الاواني وتنظيف المطبخ", "لوحات التوزيع الكهربائيه", "العلاقات الحكوميه
    (اعمال المندوب)"). A part is compared only when no whole key comes near."""
    words = key.split(" ")
    parts = []
    for at in range(1, len(words)):
        if words[at].startswith("وال") or at >= 2:
            parts.append(" ".join(words[:at]))
    return parts

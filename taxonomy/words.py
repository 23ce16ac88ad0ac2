"""Word by word: the resolver's reading of a skill phrase as a bag of words.

Why: the whole-phrase comparisons (`rapidfuzz` over word-sorted keys, character n-grams over
the phrase run together) score a phrase against one key at a time, so they fail where people
write a skill's words in another order or with a small word between ("repair of engines",
"servicing of pumps"), with a word of their own around it ("worked in", "a must"), half in
each script ("رخصة heavy vehicle driving"), or with a word cut short ("elec. wiring",
"maint. of pumps"). Here each word of the phrase is compared with every word the skill's
labels and synonyms use, in either language, and a skill is taken when the phrase's words are
mostly its words and its words mostly in the phrase (ADR 0014, issue 24).

Each word is first brought to a common form (`word_form`): Arabic without hamza on the line,
without the clitics written onto a word (the article, and و / ب / ل / ف / ك before it), the
taa marbuta and the regular feminine and plural endings; English in the singular.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process

from taxonomy.text import singular

# Words that join or frame a skill's words and name nothing on their own.
FUNCTION_WORDS = frozenset(
    {
        "of", "and", "in", "for", "the", "a", "an", "with", "on", "to", "at", "by", "&", "+",
        "و", "في", "على", "من", "عن", "مع", "ب", "ل",
    }
)  # fmt: skip
# How much a word counts that is its known word cut short ("elec", "maint", "prog"): people
# abbreviate by cutting a long word after a few letters, in the Latin script.
CUT_SHORT = 0.85
_CUT_SHORT_LEAST = 3  # letters kept
# How much a word counts that is a known word contracted to its consonants, as English writers
# abbreviate: the first letter kept, later letters dropped, the order kept ("mgmt" management,
# "svc" service, "engg" engineering, "mktg" marketing, "govt" government; rules 2026-12.25).
# Only for a word of three to five letters with at most one vowel after its first letter (none
# in three letters: "ops" is operations, "gil" no contraction of grilling), not itself a known
# word.
CONTRACTED = 0.8
_VOWELS = frozenset("aeiou")
# A word of a phrase: its weight (idf), how much it counts for each code that uses a word it
# may be, and the known words it may be.
_Matched = tuple[float, dict[str, float], dict[str, float]]
# β of the F-measure that weighs how much of the phrase a skill explains (precision) against
# how much of the skill's words the phrase has (recall): 0.5 counts the phrase's words first,
# since people leave a label's words out more often than they add words of another skill.
BETA = 0.5


# Gulf words for what the skills' Arabic labels say in Modern Standard Arabic, in `word_form`
# (rules 2026-12.25): customers (زبون، زبائن / زباين for عميل، عملاء), brick (طابوق for طوب),
# driver (دريول for سائق) and computer (كمبيوتر for حاسب). A word of either kind is compared as
# the label's word.
_GULF_WORDS = {
    "زبا": "عملا",
    "زبون": "عميل",
    "طابوق": "طوب",
    "دريول": "سايق",
    "كمبيوتر": "حاسب",
    "كومبيوتر": "حاسب",
}


@functools.lru_cache(maxsize=200_000)
def word_form(word: str) -> str:
    """One word (already normalised: `taxonomy.text.normalize`) in the form the word index
    compares: Arabic without ء, without the article and a clitic before it ("بالطوب",
    "والكي", "للسيارات": "طوب", "كي", "سيار"), without a final ه, ات or ين; English in the
    singular. A word left with fewer than two letters is kept whole."""
    if word.isascii():
        return singular(word)
    form = word.replace("ء", "")
    for clitic in ("وال", "بال", "فال", "كال", "لل", "ال"):
        if form.startswith(clitic) and len(form) - len(clitic) >= 2:
            form = form[len(clitic) :]
            break
    for ending in ("ات", "ين", "ون", "ه"):
        if form.endswith(ending) and len(form) - len(ending) >= 3:
            form = form[: -len(ending)]
            break
    form = _GULF_WORDS.get(form, form)
    return form if len(form) >= 2 else word


def content_words(key: str) -> tuple[str, ...]:
    """The words of a key (normalised) that carry meaning, in `word_form`."""
    forms = (word_form(word) for word in key.split(" ") if word and word not in FUNCTION_WORDS)
    return tuple(form for form in forms if form not in FUNCTION_WORDS)


def _word_cutoff(word: str) -> float:
    """The least `fuzz.ratio` one word needs to count as another: a word of three letters must
    be spelt right; a longer one may be a slip away (the phrase's other words must agree)."""
    if len(word) <= 3:
        return 101.0
    if len(word) <= 5:
        return 80.0
    return 75.0


class WordIndex:
    """The words of every key of one kind, and which codes use them."""

    def __init__(self, keys: Sequence[str], codes: Sequence[str], noise: Iterable[str] = ()):
        self.keys: dict[str, list[tuple[str, ...]]] = {}
        users: dict[str, set[str]] = {}
        for key, code in zip(keys, codes, strict=True):
            words = content_words(key)
            if not words:
                continue
            self.keys.setdefault(code, []).append(words)
            for word in words:
                users.setdefault(word, set()).add(code)
        total = max(len(self.keys), 1)
        self.users = {word: frozenset(c) for word, c in users.items()}
        self.idf = {
            word: math.log((total + 1) / (len(c) + 1)) + 1.0 for word, c in self.users.items()
        }
        self.rarest = max(self.idf.values(), default=1.0)
        self.vocabulary = sorted(self.users)
        self.noise = frozenset(f for text in noise for f in content_words(text))
        self._by_prefix: dict[str, list[str]] = {}
        self._by_first: dict[str, list[str]] = {}
        for word in self.vocabulary:
            if word.isascii() and word.isalpha():
                self._by_first.setdefault(word[0], []).append(word)
        for word in self.vocabulary:
            if word.isascii() and len(word) >= _CUT_SHORT_LEAST + 2:
                for end in range(_CUT_SHORT_LEAST, len(word) - 1):
                    self._by_prefix.setdefault(word[:end], []).append(word)

    @functools.lru_cache(maxsize=100_000)  # noqa: B019 (one index per taxonomy, kept)
    def near(self, word: str) -> tuple[tuple[str, float], ...]:
        """The known words `word` may be, with how much it counts as each (1 spelt the same)."""
        if word in self.users:
            return ((word, 1.0),)
        found: dict[str, float] = {}
        cutoff = _word_cutoff(word)
        if cutoff <= 100:
            for choice, score, _i in process.extract(
                word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff, limit=8
            ):
                found[choice] = score / 100.0
        for choice in self._by_prefix.get(word, ()):
            found[choice] = max(found.get(choice, 0.0), CUT_SHORT)
        for choice in self._contracted(word):
            found[choice] = max(found.get(choice, 0.0), CONTRACTED)
        return tuple(sorted(found.items()))

    def _contracted(self, word: str) -> list[str]:
        """The known words `word` may be a contraction of (`CONTRACTED`)."""
        if not (word.isascii() and word.isalpha() and 3 <= len(word) <= 5):
            return []
        vowels = sum(1 for letter in word[1:] if letter in _VOWELS)
        if vowels > 1 or (vowels == 1 and len(word) < 4):
            return []
        fits = [
            known
            for known in self._by_first.get(word[0], ())
            # the vocabulary is singular: "ops" keeps the plural's s of operations
            if len(known) >= len(word) + 3 and _in_order(word[1:], known[1:] + "s")
        ]
        # of several, those whose consonants the contraction keeps most of ("acct" is
        # accounting rather than architectural)
        share = {known: len(word) / sum(1 for c in known if c not in _VOWELS) for known in fits}
        best = max(share.values(), default=0.0)
        return [known for known in fits if share[known] >= best]

    def _is_noise(self, word: str, near: tuple[tuple[str, float], ...]) -> bool:
        """A framing word, or one a slip from one that is not a known word of the kind."""
        if word in self.noise:
            return True
        if any(score == 1.0 for _w, score in near):
            return False
        cutoff = _word_cutoff(word)
        return cutoff <= 100 and any(fuzz.ratio(word, n) >= cutoff for n in self.noise)

    @functools.lru_cache(maxsize=100_000)  # noqa: B019
    def best(self, key: str) -> tuple[str, float] | None:
        """The code whose words best explain `key` (normalised), with the F-measure (0 to 1)
        of how much of the phrase it explains and how much of its own words the phrase has;
        None when no word of the phrase is known. Ties by code."""
        words = list(dict.fromkeys(content_words(key)))
        matched: list[_Matched] = []
        for word in words:
            near = self.near(word)
            if self._is_noise(word, near):
                continue
            by_code: dict[str, float] = {}
            for choice, score in near:
                for code in self.users[choice]:
                    by_code[code] = max(by_code.get(code, 0.0), score)
            weight = max((self.idf[c] for c, _s in near), default=self.rarest)
            matched.append((weight, by_code, dict(near)))
        total = sum(weight for weight, _c, _n in matched)
        if not total:
            return None
        candidates = {code for _w, by_code, _n in matched for code in by_code}
        best: tuple[float, str] | None = None
        for code in sorted(candidates):
            precision = sum(w * by_code.get(code, 0.0) for w, by_code, _n in matched) / total
            recall = max(self._covered(words_of, matched) for words_of in self.keys[code])
            if not precision or not recall:
                continue
            f = (1 + BETA**2) * precision * recall / (BETA**2 * precision + recall)
            if best is None or f > best[0]:
                best = (f, code)
        return (best[1], best[0]) if best else None

    def _covered(self, key_words: tuple[str, ...], matched: list[_Matched]) -> float:
        """How much of one key's words (by idf) the phrase has."""
        total = sum(self.idf[w] for w in key_words)
        have = sum(
            self.idf[w] * max((near.get(w, 0.0) for _w, _c, near in matched), default=0.0)
            for w in key_words
        )
        return have / total if total else 0.0


def _in_order(letters: str, word: str) -> bool:
    """Whether `letters` appear in `word` in the same order (not necessarily together)."""
    rest = iter(word)
    return all(letter in rest for letter in letters)

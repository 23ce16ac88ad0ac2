"""The matching rules: factor weights and the value each situation earns.

A match score is the sum over six factors of weight × value, each value between 0 and 1, so a
score is between 0 and 1 and each factor's contribution can be shown and defended. Changing any
figure here changes rankings: bump RULES_VERSION, because stored results name the version that
produced them (ADR 0014).
"""

from __future__ import annotations

from typing import Any, Final

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# 2026-12.8 (matcher 1.8.0): no figure here changed; the resolver reads more of what people
# write (wilayat, education as written, framing words, two scripts: taxonomy.resolve, ADR
# 0014, eighth part), which changes the codes records carry and so the rankings.
# 2026-12.9 (matcher 1.9.0): no figure here changed; a skill phrase the whole-phrase readings
# did not name is read word by word (taxonomy.words: any order, words cut short, both scripts,
# Arabic clitics), which changes the codes records carry.
# 2026-12.10 (matcher 1.10.0): no figure here changed; an ISCO code after the classification's
# name ("ISCO 7411", "ISCO-08: 7411") names its group (taxonomy.resolve).
# 2026-12.11 (matcher 1.11.0): no figure here changed; a place name of four letters typed
# with one left out names its governorate when only one name can be meant (taxonomy.resolve).
# 2026-12.12 (matcher 1.12.0): no figure here changed; a job title with a word of rank before
# it that names nothing whole is read without it (taxonomy.resolve.RANK_WORDS).
# 2026-12.13 (matcher 1.13.0): no figure here changed; framing words of two words or more
# typed a slip away are dropped from a skill phrase (taxonomy.resolve).
# 2026-12.14 (matcher 1.14.0): no figure here changed; the occupation inferred from the skills
# of someone who gave none divides the skills shared by the square root of the unit group's
# weight (taxonomy.resolve.Taxonomy.infer_occupations), which changes their guesses and fits.
# 2026-12.15 (matcher 1.15.0): no figure here changed; a governorate's direction abbreviated or
# transliterated ("N. Batinah", "Shamal Al Batinah"), place words such as "area" and "gov", the
# central region and towns that are not wilayat ("Ruwi") name their governorate.
# 2026-12.16 (matcher 1.16.0): no figure here changed; an education with the minimum said
# around it ("at least", "لا يقل عن", "فما فوق"), a school grade run together or typed a slip
# away ("grade6", "12th garde"), "SSC / HSC" and "Dip." name their level.
# 2026-12.17 (matcher 1.17.0): no figure here changed; an ISCO code after the word for a code
# ("Code 5141", "رمز المهنة 5142") or typed with spaces inside it ("23 53") names its group.
# 2026-12.18 (matcher 1.18.0): no figure here changed; an entry listing several skills
# ("masonry, plastering", "تقويم الطلاب؛ إدارة الصف") counts each part that names a skill.
# 2026-12.19 (matcher 1.19.0): no figure here changed; an entry listing skills is read part by
# part also when one script's words of it name a skill exactly, and its one part that names a
# skill counts when the whole entry named nothing surer than "similar to".
# 2026-12.20 (matcher 1.20.0): no figure here changed; an education written as a grade's
# ordinal alone ("12th"), a school with its grade in brackets ("basic school (9th)"), the
# minimum as "+" or "كحد أدنى", or the lack of a certificate as a sentence ("ما عندي شهادة")
# names its level.
# 2026-12.21 (matcher 1.21.0): no figure here changed; the capital's epithet ("مسقط العامرة"),
# an airport's code ("MCT", "SLL") and the region of Ja'alan ("جعلان") name their governorate
# (taxonomy/data/written_forms.csv).
# 2026-12.22 (matcher 1.22.0): no figure here changed; a skill said of a person ("عنده خبرة",
# "يعرف", "لدي") or with a rating after it ("- ممتاز", "excellent") is read without those words
# (taxonomy/data/framing_words.csv).
# 2026-12.23 (matcher 1.23.0): no figure here changed; a skill's certificate or licence-class
# abbreviation ("OHS", "ICDL", "LMV", "HMV") names it (taxonomy/data/written_forms.csv).
# 2026-12.24 (matcher 1.24.0): no figure here changed; a place written with its town or district
# ("Al Seeb, Muscat") names the governorate its parts agree on; an ISCO unit group's four digits
# after any word ("Occ. 7411") name it; skills joined by "+" count each, and by "and", "&" or
# "و" when the whole entry names nothing surer than "similar to" and both parts name a skill.
# 2026-12.25 (matcher 1.25.0): no figure here changed; a letter typed three times or more is
# read once ("Teamworkkk"), an English word contracted to its consonants is read as the word
# ("mgmt", "svc", "engg": taxonomy.words), and education as Omani and South Asian forms write
# it ("دبلوم بعد التعليم العام", "خريج جامعة", "12th pass", "Plus Two").
# 2026-12.26 (matcher 1.26.0): no figure here changed; a skill or a job title typed in Arabizi
# (Arabic in Latin letters and digits: "edara alm5a6r", "mo7aseb") is read by its consonant
# skeleton (taxonomy.arabizi); digits run into letters are no ISCO code; "ops" contracts
# operations; a language said with how it is known ("spoken & written", "native") is read.
MATCHER_VERSION: Final = "1.26.0"
RULES_VERSION: Final = "2026-12.26"

OCCUPATION: Final = "occupation"
REQUIRED_SKILLS: Final = "required_skills"
OPTIONAL_SKILLS: Final = "optional_skills"
EDUCATION: Final = "education"
EXPERIENCE: Final = "experience"
LOCATION: Final = "location"

# Requirements the issue names (location, education, experience) weigh together as much as
# the occupation, so a candidate who cannot be there or lacks the minimum ranks below one who
# can and has it, other things equal.
WEIGHTS: Final[dict[str, float]] = {
    OCCUPATION: 0.30,
    REQUIRED_SKILLS: 0.35,
    OPTIONAL_SKILLS: 0.05,
    EDUCATION: 0.10,
    EXPERIENCE: 0.10,
    LOCATION: 0.10,
}
FACTORS: Final = tuple(WEIGHTS)

FACTOR_LABELS: Final[dict[str, Promise]] = {
    OCCUPATION: _("Occupation"),
    REQUIRED_SKILLS: _("Required skills"),
    OPTIONAL_SKILLS: _("Other useful skills"),
    EDUCATION: _("Education"),
    EXPERIENCE: _("Experience"),
    LOCATION: _("Location"),
}

# Occupation proximity in the ISCO-08 hierarchy. Same code: by its length. One code a prefix
# of the other (a partial code, "741" against "7411"): compatible, by the shorter length.
# Otherwise by the length of the common prefix.
SAME_OR_COMPATIBLE: Final = {4: 1.0, 3: 0.8, 2: 0.55, 1: 0.25}
COMMON_PREFIX: Final = {3: 0.6, 2: 0.35, 1: 0.1, 0: 0.0}

# How much a skill the jobseeker holds counts towards a vacancy's skills, by its evidence: a
# skill with evidence (certificate, completed training, employment record, an officer's
# acceptance of a dispute) in full, one only claimed a little less, and a phrase the taxonomy
# found only similar to the skill (below the n-gram cut-off) at this scale × its confidence.
VERIFIED_SKILL: Final = 1.0
CLAIMED_SKILL: Final = 0.9
SIMILAR_SCALE: Final = 0.6

# Holding most of a vacancy's required skills (issue 24: a match is "relevant" to the
# ministry's officers when the jobseeker holds at least 60% of them): the required-skills value
# is (1 - MOST_SKILLS_BONUS) × share + MOST_SKILLS_BONUS once the share of skills held reaches
# MOST_SKILLS_SHARE (claimed skills count, at CLAIMED_SKILL; a phrase only similar to a skill
# counts at its own weight). Rules 2026-12.6. The bonus, 0.25 of the factor's 0.35 (0.0875 of
# the score), is set by the other factors, not by a generator's figure: more than the whole
# other-useful-skills factor (0.05), so a holder of most of the required skills is not passed
# by one who holds fewer and more extras; less than the step from the vacancy's own unit group
# to a neighbouring one (0.3 × 0.4 = 0.12), so the occupation still comes first. The share
# still counts above the threshold: all the skills beat 60% of them.
MOST_SKILLS_SHARE: Final = 0.6
MOST_SKILLS_BONUS: Final = 0.25
_MOST_SKILLS_THRESHOLD: Final = MOST_SKILLS_SHARE * CLAIMED_SKILL - 1e-9  # rounding of sums


def holds_most_skills(share: float) -> bool:
    """The weighted share of required skills reaches MOST_SKILLS_SHARE of them claimed."""
    return share >= _MOST_SKILLS_THRESHOLD


def required_skills_value(share: Any) -> Any:
    """The required-skills value of a weighted share (a float, or a numpy array of them):
    increasing in the share, so a bound on the share bounds the value."""
    return (1.0 - MOST_SKILLS_BONUS) * share + MOST_SKILLS_BONUS * (share >= _MOST_SKILLS_THRESHOLD)


# An occupation the jobseeker did not give but that was inferred from their skills (none
# given, or a unit group the skills point to near the code given) is a guess: its proximity
# counts at this scale. 0.8 is what a compatible three-digit code earns (SAME_OR_COMPATIBLE):
# a guess from the skills is taken to say as much as a code that names the minor group, so
# someone who gave the vacancy's code comes before someone whose skills suggest it, and
# someone whose skills suggest it before someone who gave a neighbouring code (0.6).
# Rules 2026-12.6.
INFERRED_OCCUPATION: Final = 0.8


def guess_scale(relative_fit: float) -> float:
    """How much the proximity of a unit group guessed for someone who gave no occupation
    counts, by how well their skills fit it against the best guess (`relative_fit`, 1 for the
    best): in full for the best guess and for one the skills fit as well, down to
    INFERRED_OCCUPATION for one they hardly fit. Rules 2026-12.7: before, every one of the five
    guesses counted in full, so someone whose skills only brushed a trade stood level with its
    own people; counting every guess at INFERRED_OCCUPATION had been rejected on the first
    generator (fifth part of ADR 0014), and a guess nearly as good as the best is still
    counted nearly in full."""
    fit = min(max(relative_fit, 0.0), 1.0)
    return INFERRED_OCCUPATION + (1.0 - INFERRED_OCCUPATION) * fit


UNKNOWN: Final = 0.5  # a requirement the jobseeker did not say whether they meet
EDUCATION_ONE_BELOW: Final = 0.25
EXPERIENCE_BELOW_SCALE: Final = 0.5  # × years / minimum, below the minimum
# Someone who said they would move is not penalised (issue 24): their location counts in full,
# so their score is that of a resident; a vacancy's ranking puts them in the second location
# tier, right after those who live there (rules 2026-12.5, a decision of the maintainers; see
# the tiers below). 0.8 was used in rules 2026-12.1, chosen on the second generator's figure,
# which the project does not tune on (ADR 0014).
WILLING_TO_RELOCATE: Final = 1.0
NEIGHBOURING_GOVERNORATE: Final = 0.4


# The order of a vacancy's ranking of jobseekers (issue 24, ADR 0014): by tier, then score.
#
# 1. Location (rules 2026-12.5, the maintainers' decision): the first tier lives in the
#    vacancy's governorate (everyone, for a vacancy that names no place); the second lives
#    elsewhere and said they would move, right after them and not scored down (their score is
#    a resident's, they are only ordered after residents); the last is everyone else (a
#    neighbouring governorate, 0.4, included). A governorate that is not known counts as not
#    living there.
# 2. Stated requirements: within a location tier, those who meet the vacancy's education and
#    experience minimums (or did not say: not known to fall short, value UNKNOWN) come before
#    those known to be below either. They still appear below, and the explanation says what
#    they lack. An employer's minimum is a hard requirement; a score that let one more skill
#    outweigh it would show them people they said they cannot hire.
# 3. The score. 4. At equal score, someone who lives in the vacancy's governorate first (only
#    a jobseeker's own list needs it: see `own_list_tier`).
#
# A jobseeker's own list of vacancies: nothing changes for someone who would move (every
# vacancy in the first tier, the ones where they live first at an equal score); someone who
# would not move sees the vacancies where they live first.
#
# The score shown stays the sum of the contributions; the tiers only order.
RESIDENT: Final = 2
MOVER: Final = 1
AWAY: Final = 0
TIER_STEP: Final = 3.0  # above any score (at most 1) plus REQUIREMENTS_TIER
REQUIREMENTS_TIER: Final = 1.0
LOCAL_TIE: Final = 1e-9  # far below any difference of two scores, far above rounding
BEST_ORDER: Final = TIER_STEP * RESIDENT + REQUIREMENTS_TIER + LOCAL_TIE


def meets_requirements(education: float, experience: float) -> bool:
    """Not known to be below the education or the experience minimum (the factor values)."""
    return education >= UNKNOWN and experience >= UNKNOWN


def is_local(vacancy_governorate: str | None, governorate: str | None) -> bool:
    """Lives in the vacancy's governorate (everyone, for a vacancy that names no place; nobody
    whose governorate is not known, for one that does)."""
    return vacancy_governorate is None or governorate == vacancy_governorate


def location_tier(
    vacancy_governorate: str | None, governorate: str | None, *, willing_to_relocate: bool
) -> int:
    """RESIDENT, MOVER or AWAY: the location tier of a jobseeker in a vacancy's ranking."""
    if is_local(vacancy_governorate, governorate):
        return RESIDENT
    return MOVER if willing_to_relocate else AWAY


def own_list_tier(tier: int, *, willing_to_relocate: bool) -> int:
    """The location tier of a vacancy in the jobseeker's own list: every vacancy is in the
    first for someone who would move, as it was before rules 2026-12.5."""
    return RESIDENT if willing_to_relocate else tier


def order_bonus(*, tier: int, education: float, experience: float, local: bool) -> float:
    """What the tiers add to a score for ordering (`ranking_key` less the score)."""
    return (
        TIER_STEP * tier
        + (REQUIREMENTS_TIER if meets_requirements(education, experience) else 0.0)
        + (LOCAL_TIE if local else 0.0)
    )


def ranking_key(
    score: float, *, tier: int, education: float, experience: float, local: bool
) -> float:
    """What a ranking is sorted by (descending): the tiers, then the score, then locals."""
    return score + order_bonus(tier=tier, education=education, experience=experience, local=local)


def occupation_proximity(vacancy_code: str, jobseeker_code: str) -> float:
    """How close two ISCO-08 codes are (1 the same unit group, 0 different major groups)."""
    if not vacancy_code or not jobseeker_code:
        return 0.0
    if vacancy_code.startswith(jobseeker_code) or jobseeker_code.startswith(vacancy_code):
        return SAME_OR_COMPATIBLE[min(len(vacancy_code), len(jobseeker_code))]
    common = 0
    for a, b in zip(vacancy_code, jobseeker_code, strict=False):
        if a != b:
            break
        common += 1
    return COMMON_PREFIX[min(common, 3)]


def education_value(required_rank: int | None, rank: int | None) -> float:
    if required_rank is None:
        return 1.0
    if rank is None:
        return UNKNOWN
    if rank >= required_rank:
        return 1.0
    return EDUCATION_ONE_BELOW if rank == required_rank - 1 else 0.0


def experience_value(years_min: float | None, years: float | None) -> float:
    if not years_min:
        return 1.0
    if years is None:
        return UNKNOWN
    if years >= years_min:
        return 1.0
    return EXPERIENCE_BELOW_SCALE * max(years, 0.0) / years_min


def location_value(
    vacancy_governorate: str | None,
    governorate: str | None,
    *,
    willing_to_relocate: bool,
    neighbours: frozenset[str],
) -> float:
    """`neighbours`: the governorates sharing a border with the vacancy's."""
    if vacancy_governorate is None:
        return 1.0
    if governorate == vacancy_governorate:
        return 1.0
    if willing_to_relocate:
        return WILLING_TO_RELOCATE
    if governorate is None:
        return UNKNOWN
    return NEIGHBOURING_GOVERNORATE if governorate in neighbours else 0.0

"""The explanation of one match: each factor's value, weight and contribution, and the facts
behind it (skills met and missing, the two occupations, the two governorates...).

This is also the reference implementation of the score: `explain_match` computes a pair in
plain Python, and the vectorised ranker (`engine.py`) must agree with it to the last decimal
(tests/jobseekers/test_matching.py checks that), so what a page shows is what ranked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jobseekers.matching import rules
from jobseekers.matching.records import JobseekerRecord, VacancyRecord
from taxonomy.resolve import Taxonomy


@dataclass(frozen=True, slots=True)
class Factor:
    """One factor of a match. `facts` holds codes, never sentences, so an explanation can be
    stored as JSON and shown later in either language (`describe_factor`)."""

    name: str
    weight: float
    value: float
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def contribution(self) -> float:
        return self.weight * self.value

    @property
    def label(self) -> str:
        return str(rules.FACTOR_LABELS[self.name])


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a jobseeker ranks where they do for a vacancy (or a vacancy for a jobseeker)."""

    vacancy_id: str
    jobseeker_id: str
    score: float
    factors: tuple[Factor, ...]
    matcher_version: str = rules.MATCHER_VERSION
    rules_version: str = rules.RULES_VERSION

    def factor(self, name: str) -> Factor:
        return next(f for f in self.factors if f.name == name)

    @property
    def meets_requirements(self) -> bool:
        """Not known to be below the vacancy's education or experience minimum."""
        return rules.meets_requirements(
            self.factor(rules.EDUCATION).value, self.factor(rules.EXPERIENCE).value
        )

    @property
    def location_tier(self) -> int:
        """`rules.RESIDENT`, `MOVER` or `AWAY` in the vacancy's ranking of jobseekers."""
        facts = self.factor(rules.LOCATION).facts
        return rules.location_tier(
            facts["vacancy"], facts["jobseeker"], willing_to_relocate=facts["willing_to_relocate"]
        )

    def _key(self, tier: int) -> float:
        facts = self.factor(rules.LOCATION).facts
        return rules.ranking_key(
            self.score,
            tier=tier,
            education=self.factor(rules.EDUCATION).value,
            experience=self.factor(rules.EXPERIENCE).value,
            local=rules.is_local(facts["vacancy"], facts["jobseeker"]),
        )

    @property
    def ranking_key(self) -> float:
        """What the vacancy's ranking of jobseekers sorted this match by (`rules.ranking_key`)."""
        return self._key(self.location_tier)

    @property
    def own_list_key(self) -> float:
        """What the jobseeker's own list of vacancies sorted this match by."""
        return self._key(
            rules.own_list_tier(
                self.location_tier,
                willing_to_relocate=self.factor(rules.LOCATION).facts["willing_to_relocate"],
            )
        )

    @property
    def missing_skills(self) -> tuple[str, ...]:
        """Required skills the jobseeker lacks: what to learn, and what training to offer."""
        return tuple(self.factor(rules.REQUIRED_SKILLS).facts["missing"])

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form, for storing a bulk recommendation with its versions."""
        return {
            "vacancy": self.vacancy_id,
            "jobseeker": self.jobseeker_id,
            "score": round(self.score, 6),
            "matcher_version": self.matcher_version,
            "rules_version": self.rules_version,
            "factors": [
                {
                    "name": f.name,
                    "weight": f.weight,
                    "value": round(f.value, 6),
                    "contribution": round(f.contribution, 6),
                    "facts": f.facts,
                }
                for f in self.factors
            ],
        }


def vacancy_skill_sets(
    vacancy: VacancyRecord, taxonomy: Taxonomy
) -> tuple[frozenset[str], frozenset[str], bool]:
    """(required, optional, required_from_occupation): the skills a vacancy is matched on.

    A vacancy that lists no skills is matched on its occupation's typical required skills; one
    that lists no optional skills, on the occupation's other typical skills, which rewards a
    candidate whose profile looks like the trade even when their ISCO code is partial."""
    typical_required, typical_optional = (
        taxonomy.typical_skills(vacancy.occupation)
        if vacancy.occupation
        else (frozenset(), frozenset())
    )
    required = vacancy.required_skills
    from_occupation = False
    if not required and typical_required:
        required, from_occupation = typical_required, True
    optional = vacancy.optional_skills or (typical_required | typical_optional)
    return required, optional - required, from_occupation


def explain_match(
    *, vacancy: VacancyRecord, jobseeker: JobseekerRecord, taxonomy: Taxonomy
) -> Explanation:
    """Score one pair and say why."""
    required, optional, from_occupation = vacancy_skill_sets(vacancy, taxonomy)
    skills = jobseeker.skills
    weights = jobseeker.skill_weights()
    met = sorted(required & skills)
    missing = sorted(required - skills)
    optional_met = sorted(optional & skills)
    similar = [
        {"skill": code, "text": text, "confidence": confidence}
        for text, code, confidence in sorted(jobseeker.similar, key=lambda s: (s[1], s[0]))
        if code in required and code not in skills
    ]

    best_code, proximity = "", 0.0
    for code, scale in zip(jobseeker.occupations, jobseeker.occupation_scales(), strict=True):
        value = rules.occupation_proximity(vacancy.occupation or "", code) * scale
        if value > proximity or not best_code:
            best_code, proximity = code, value
    # the code counted is a guess from the skills alone, counted in part
    guessed = proximity < rules.occupation_proximity(vacancy.occupation or "", best_code)
    neighbours = taxonomy.neighbours.get(vacancy.governorate or "", frozenset())
    stated = (
        jobseeker.occupations[0]
        if jobseeker.occupations and not jobseeker.inferred_occupation
        else None
    )

    share = sum(weights.get(s, 0.0) for s in sorted(required)) / len(required) if required else 1.0
    factors = (
        Factor(
            rules.OCCUPATION,
            rules.WEIGHTS[rules.OCCUPATION],
            proximity,
            {
                "vacancy": vacancy.occupation,
                "jobseeker": best_code or None,
                "inferred": jobseeker.inferred_occupation,
                # the code the jobseeker gave, when the one counted is another (from skills)
                "stated": stated if stated and stated != best_code else None,
                "guessed": guessed,
                # someone who gave no occupation: the best guess, when the one counted is a
                # less likely one (rules 2026-12.7)
                "best_guess": (
                    jobseeker.occupations[0]
                    if jobseeker.inferred_occupation
                    and guessed
                    and best_code
                    and best_code != jobseeker.occupations[0]
                    else None
                ),
            },
        ),
        Factor(
            rules.REQUIRED_SKILLS,
            rules.WEIGHTS[rules.REQUIRED_SKILLS],
            rules.required_skills_value(share) if required else 1.0,
            {
                "met": met,
                "missing": missing,
                "from_occupation": from_occupation,
                "verified": sorted(set(met) & jobseeker.verified),
                "similar": similar,
                "most": bool(required) and rules.holds_most_skills(share),
            },
        ),
        Factor(
            rules.OPTIONAL_SKILLS,
            rules.WEIGHTS[rules.OPTIONAL_SKILLS],
            sum(weights.get(s, 0.0) for s in sorted(optional)) / len(optional) if optional else 0.0,
            {"met": optional_met, "of": len(optional)},
        ),
        Factor(
            rules.EDUCATION,
            rules.WEIGHTS[rules.EDUCATION],
            rules.education_value(
                taxonomy.education_rank(vacancy.education_min),
                taxonomy.education_rank(jobseeker.education),
            ),
            {"minimum": vacancy.education_min, "jobseeker": jobseeker.education},
        ),
        Factor(
            rules.EXPERIENCE,
            rules.WEIGHTS[rules.EXPERIENCE],
            rules.experience_value(vacancy.years_min, jobseeker.years_experience),
            {"minimum": vacancy.years_min, "jobseeker": jobseeker.years_experience},
        ),
        Factor(
            rules.LOCATION,
            rules.WEIGHTS[rules.LOCATION],
            rules.location_value(
                vacancy.governorate,
                jobseeker.governorate,
                willing_to_relocate=jobseeker.willing_to_relocate,
                neighbours=neighbours,
            ),
            {
                "vacancy": vacancy.governorate,
                "jobseeker": jobseeker.governorate,
                "willing_to_relocate": jobseeker.willing_to_relocate,
            },
        ),
    )
    return Explanation(
        vacancy_id=vacancy.id,
        jobseeker_id=jobseeker.id,
        score=sum(f.contribution for f in factors),
        factors=factors,
    )


def describe_factor(factor: Factor, *, taxonomy: Taxonomy, language: str) -> str:
    """One sentence a jobseeker or an officer can read, in the active translation; codes are
    labelled in `language` ("ar" or "en")."""

    def label(kind: str, code: str | None) -> str:
        return taxonomy.label(kind, code, language=language) if code else _("not stated")

    facts = factor.facts
    if factor.name == rules.OCCUPATION:
        text = _("Vacancy: %(vacancy)s. Jobseeker: %(jobseeker)s.") % {
            "vacancy": label("occupation", facts["vacancy"]),
            "jobseeker": label("occupation", facts["jobseeker"]),
        }
        if facts.get("inferred") and facts["jobseeker"]:
            text += " " + _("Inferred from their skills: they gave no occupation.")
        elif facts.get("stated"):
            text += " " + _(
                "Inferred from their skills near the occupation they gave: %(stated)s."
            ) % {"stated": label("occupation", facts["stated"])}
        if facts.get("best_guess"):
            text += " " + _(
                "Their skills fit it less well than their likeliest occupation, %(best)s: "
                "this guess counts less."
            ) % {"best": label("occupation", facts["best_guess"])}
        elif facts.get("guessed"):
            text += " " + _("A guess from the skills counts less than an occupation given.")
        return text
    if factor.name == rules.REQUIRED_SKILLS:
        verified = set(facts.get("verified", ()))
        similar = {s["skill"]: s for s in facts.get("similar", ())}
        met = ", ".join(label("skill", c) for c in facts["met"]) or "—"
        missing = ", ".join(label("skill", c) for c in facts["missing"] if c not in similar) or "—"
        text = _("Has: %(met)s. Missing: %(missing)s.") % {"met": met, "missing": missing}
        if verified:
            text += " " + _("With evidence, which counts more than a claim: %(skills)s.") % {
                "skills": ", ".join(label("skill", c) for c in facts["met"] if c in verified)
            }
        if facts.get("most"):
            text += " " + _(
                "Holds at least %(share)d%% of the required skills, which counts extra."
            ) % {"share": round(rules.MOST_SKILLS_SHARE * 100)}
        for code, found in similar.items():
            text += " " + _(
                "“%(text)s” is similar to %(skill)s (%(confidence)d%%), counted in part."
            ) % {
                "text": found["text"],
                "skill": label("skill", code),
                "confidence": round(found["confidence"] * 100),
            }
        return text
    if factor.name == rules.OPTIONAL_SKILLS:
        count = len(facts["met"])
        return ngettext(
            "%(count)d of %(total)d other useful skills.",
            "%(count)d of %(total)d other useful skills.",
            count,
        ) % {"count": count, "total": facts["of"]}
    below = " " + _(
        "Below the minimum: ranked after those who meet the vacancy's education and "
        "experience minimums."
    )
    if factor.name == rules.EDUCATION:
        text = _("Minimum: %(minimum)s. Jobseeker: %(jobseeker)s.") % {
            "minimum": label("education", facts["minimum"]),
            "jobseeker": label("education", facts["jobseeker"]),
        }
        return text + below if factor.value < rules.UNKNOWN else text
    if factor.name == rules.EXPERIENCE:
        text = _("Minimum: %(minimum)s years. Jobseeker: %(jobseeker)s years.") % {
            "minimum": _("none") if facts["minimum"] is None else f"{facts['minimum']:g}",
            "jobseeker": _("not stated")
            if facts["jobseeker"] is None
            else f"{facts['jobseeker']:g}",
        }
        return text + below if factor.value < rules.UNKNOWN else text
    text = _("Vacancy in %(vacancy)s. Jobseeker in %(jobseeker)s.") % {
        "vacancy": label("governorate", facts["vacancy"]),
        "jobseeker": label("governorate", facts["jobseeker"]),
    }
    tier = rules.location_tier(
        facts["vacancy"], facts["jobseeker"], willing_to_relocate=facts["willing_to_relocate"]
    )
    if facts["vacancy"] is None:
        return text
    if tier == rules.RESIDENT:
        text += " " + _("First tier: lives in the governorate.")
    elif tier == rules.MOVER:
        text += " " + _(
            "Second tier, right after those who live there: would move from %(governorate)s. "
            "Not scored down for it."
        ) % {"governorate": label("governorate", facts["jobseeker"])}
    else:
        text += " " + _(
            "Has not said they would move: ranked after those who live there or would move."
        )
    return text

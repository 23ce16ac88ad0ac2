"""The records the matcher ranks: plain data with codes already resolved to the taxonomy.

Why dataclasses and not models: the same ranking serves a profile page (one jobseeker), the
nightly bulk recommendation (every open vacancy), `match_eval` (a JSONL file) and the
benchmark (synthetic data), and only the first two have database rows. Django code builds
records from its models; see `jobseekers.matching` for an example.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class JobseekerRecord:
    """A jobseeker as the matcher sees them.

    occupations: ISCO-08 codes sought, at any level ("7411", or "74" when only the group is
        known); the first is the one stated (unless `inferred_occupation`), the others unit
        groups the skills point to (`dataset.corroborated_occupations`); at most five.
    skills: skill codes of `taxonomy.Skill`.
    education: an `EducationLevel` code, None when not stated.
    years_experience: None when not stated.
    governorate: an `employers.models.Governorate` code, None when not stated.
    willing_to_relocate: will take a job in another governorate.
    inferred_occupation: the occupation was inferred from the skills (stated nowhere), which an
        explanation says.
    verified: the skills among `skills` with evidence better than the jobseeker's word (a
        certificate, completed training, employment, an officer's acceptance of a dispute):
        they weigh more (`rules.VERIFIED_SKILL` against `rules.CLAIMED_SKILL`).
    stated_occupations: how many of the first `occupations` the jobseeker gave (1 by default;
        0 when `inferred_occupation`); the rest were inferred from the skills and count at
        `rules.INFERRED_OCCUPATION` × their proximity.
    guess_fits: for someone who gave no occupation (`inferred_occupation`), how well the skills
        fit each of `occupations` against the best of them (1 for the best, fewer than the
        codes or none: 1); a guess counts at `rules.guess_scale` of it (rules 2026-12.7).
    similar: phrases the taxonomy could not name but found similar to a skill, as (text,
        skill code, confidence 0–1): they count against a vacancy's skills at
        `rules.SIMILAR_SCALE` × confidence, and the explanation shows them as "similar to".
    """

    id: str
    occupations: tuple[str, ...] = ()
    skills: frozenset[str] = frozenset()
    education: str | None = None
    years_experience: float | None = None
    governorate: str | None = None
    willing_to_relocate: bool = False
    inferred_occupation: bool = False
    verified: frozenset[str] = frozenset()
    similar: tuple[tuple[str, str, float], ...] = ()
    stated_occupations: int = 1
    guess_fits: tuple[float, ...] = ()

    def occupation_scales(self) -> tuple[float, ...]:
        """How much the proximity of each of `occupations` counts: in full for a code the
        jobseeker gave and for a unit group the skills found under it (a partial code refined:
        the two agree); at `rules.INFERRED_OCCUPATION` for a unit group the skills point to that
        is not the code given (a neighbouring unit group); for the guesses of someone who gave
        no code, by how well the skills fit each against the best (`rules.guess_scale`)."""
        from jobseekers.matching import rules

        if self.inferred_occupation:
            fits = self.guess_fits + (1.0,) * (len(self.occupations) - len(self.guess_fits))
            return tuple(rules.guess_scale(fit) for fit in fits[: len(self.occupations)])
        given = self.occupations[: self.stated_occupations]
        return tuple(
            1.0
            if slot < len(given) or any(code.startswith(g) for g in given)
            else rules.INFERRED_OCCUPATION
            for slot, code in enumerate(self.occupations)
        )

    def skill_weights(self) -> dict[str, float]:
        """How much each skill counts towards a vacancy's skills (see `rules`)."""
        from jobseekers.matching import rules

        weights: dict[str, float] = {}
        for _text, code, confidence in self.similar:
            weights[code] = max(weights.get(code, 0.0), rules.SIMILAR_SCALE * confidence)
        for code in self.skills:
            weights[code] = rules.VERIFIED_SKILL if code in self.verified else rules.CLAIMED_SKILL
        return weights


@dataclass(frozen=True, slots=True)
class VacancyRecord:
    """A vacancy as the matcher sees it; education and experience are minimums.

    When `required_skills` is empty the occupation's typical required skills stand in for
    them; when `optional_skills` is empty, the occupation's other typical skills do.
    """

    id: str
    occupation: str | None = None
    required_skills: frozenset[str] = frozenset()
    optional_skills: frozenset[str] = frozenset()
    education_min: str | None = None
    years_min: float | None = None
    governorate: str | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

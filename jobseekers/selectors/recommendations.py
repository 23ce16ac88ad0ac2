"""Recommendations read on demand: the best vacancies for a jobseeker and the best jobseekers
for a vacancy, each with its explanation, and the stored results of bulk runs.

The matcher (`jobseekers.matching`) works on plain records; this module builds them from the
database. The index of jobseekers is built once per process and rebuilt after
`INDEX_MAX_AGE_SECONDS`, so a page ranking 100,000 profiles for one vacancy pays only for the
ranking, not for reading every profile again.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from jobseekers.matching.dataset import guess_fits, jobseeker_occupations
from jobseekers.matching.engine import MatchIndex
from jobseekers.matching.explain import Explanation, Factor, describe_factor
from jobseekers.matching.records import JobseekerRecord, VacancyRecord
from jobseekers.models import (
    Application,
    JobseekerProfile,
    ProfileOccupation,
    ProfileSkill,
    Recommendation,
    RecommendationRun,
    Vacancy,
    VacancySkill,
)
from taxonomy.selectors import taxonomy_from_database

INDEX_MAX_AGE_SECONDS = 600
_cache: dict[str, tuple[float, Any]] = {}


def recommendation_cache_clear() -> None:
    """Forget the in-process indexes (tests, and after a bulk import of profiles)."""
    _cache.clear()


def searching_profiles() -> QuerySet[JobseekerProfile]:
    return JobseekerProfile.objects.filter(is_searching=True, user__is_active=True)


def open_vacancies() -> QuerySet[Vacancy]:
    return Vacancy.objects.filter(status=Vacancy.Status.OPEN, closes_on__gte=timezone.localdate())


def jobseeker_records(profiles: QuerySet[JobseekerProfile]) -> list[JobseekerRecord]:
    """Records of `profiles` in three queries (profiles, their occupations, their skills).

    The occupations are read as `match_eval` reads them (`dataset.jobseeker_occupations`):
    a partial or neighbouring code is refined by the skills, and with no code the unit groups
    the skills fit best are inferred (the explanation says so)."""
    taxonomy = taxonomy_from_database()
    rows = list(
        profiles.values_list(
            "pk", "education_level", "years_experience", "governorate", "willing_to_relocate"
        )
    )
    ids = [row[0] for row in rows]
    occupations: dict[int, list[str]] = defaultdict(list)
    for profile_id, code in (
        ProfileOccupation.objects.filter(profile_id__in=ids)
        .order_by("profile_id", "id")
        .values_list("profile_id", "occupation_code")
    ):
        occupations[profile_id].append(code)
    skills: dict[int, set[str]] = defaultdict(set)
    verified: dict[int, set[str]] = defaultdict(set)
    for profile_id, code, evidence in ProfileSkill.objects.filter(profile_id__in=ids).values_list(
        "profile_id", "skill_code", "evidence"
    ):
        skills[profile_id].add(code)
        if evidence in ProfileSkill.TRAINING_OR_BETTER:
            verified[profile_id].add(code)
    records = []
    for pk, education, years, governorate, relocate in rows:
        held = frozenset(skills.get(pk, ()))
        given = list(dict.fromkeys(c for c in occupations.get(pk, ()) if c))
        codes, inferred = jobseeker_occupations(given, held, taxonomy)
        records.append(
            JobseekerRecord(
                id=str(pk),
                occupations=codes,
                inferred_occupation=inferred,
                # the codes the profile gives count in full, the ones the skills add in part
                stated_occupations=0 if inferred else min(len(given), len(codes)),
                guess_fits=guess_fits(codes, held, taxonomy) if inferred else (),
                skills=held,
                verified=frozenset(verified.get(pk, ())),
                education=education or None,
                years_experience=float(years),
                governorate=governorate or None,
                willing_to_relocate=relocate,
            )
        )
    return records


def vacancy_records(vacancies: Iterable[Vacancy]) -> list[VacancyRecord]:
    vacancies = list(vacancies)
    required: dict[int, set[str]] = defaultdict(set)
    optional: dict[int, set[str]] = defaultdict(set)
    for vacancy_id, code, is_required in VacancySkill.objects.filter(
        vacancy_id__in=[v.pk for v in vacancies]
    ).values_list("vacancy_id", "skill_code", "required"):
        (required if is_required else optional)[vacancy_id].add(code)
    return [
        VacancyRecord(
            id=str(v.pk),
            occupation=v.occupation_code or None,
            required_skills=frozenset(required.get(v.pk, ())),
            optional_skills=frozenset(optional.get(v.pk, ())),
            education_min=v.education_min or None,
            years_min=float(v.experience_min_years),
            governorate=v.governorate or None,
        )
        for v in vacancies
    ]


def _cached(key: str, build: Any) -> Any:
    now = time.monotonic()
    found = _cache.get(key)
    if found is None or now - found[0] > INDEX_MAX_AGE_SECONDS:
        found = (now, build())
        _cache[key] = found
    return found[1]


def _jobseeker_index() -> MatchIndex:
    return _cached(
        "jobseekers",
        lambda: MatchIndex(
            jobseekers=jobseeker_records(searching_profiles()), taxonomy=taxonomy_from_database()
        ),
    )


def _vacancy_index() -> MatchIndex:
    return _cached(
        "vacancies",
        lambda: MatchIndex(
            jobseekers=[],
            vacancies=vacancy_records(open_vacancies()),
            taxonomy=taxonomy_from_database(),
        ),
    )


@dataclass(frozen=True)
class FactorLine:
    label: str
    percent: int  # contribution as a share of the best possible score
    value_percent: int
    text: str


@dataclass(frozen=True)
class Match:
    """One recommendation as a page shows it."""

    object: Any  # a Vacancy or a JobseekerProfile
    score_percent: int
    factors: list[FactorLine]
    missing_skills: list[str]  # codes
    missing_labels: list[str]


def readable(explanation: dict[str, Any], *, language: str) -> tuple[list[FactorLine], list[str]]:
    """The factor lines of a stored (JSON) explanation in the reader's language, and the
    missing required skill codes."""
    taxonomy = taxonomy_from_database()
    lines: list[FactorLine] = []
    missing: list[str] = []
    for item in explanation.get("factors", []):
        factor = Factor(
            name=item["name"], weight=item["weight"], value=item["value"], facts=item["facts"]
        )
        if factor.name == "required_skills":
            missing = list(factor.facts.get("missing", []))
        lines.append(
            FactorLine(
                label=factor.label,
                percent=round(100 * factor.contribution),
                value_percent=round(100 * factor.value),
                text=describe_factor(factor, taxonomy=taxonomy, language=language),
            )
        )
    return lines, missing


def _match(obj: Any, explanation: Explanation | dict[str, Any], language: str) -> Match:
    data = explanation.as_dict() if isinstance(explanation, Explanation) else explanation
    lines, missing = readable(data, language=language)
    taxonomy = taxonomy_from_database()
    return Match(
        object=obj,
        score_percent=round(100 * float(data["score"])),
        factors=lines,
        missing_skills=missing,
        missing_labels=[taxonomy.label("skill", code, language=language) for code in missing],
    )


def vacancies_for_profile(*, profile: JobseekerProfile, k: int, language: str) -> list[Match]:
    """The k open vacancies that fit the jobseeker best, with explanations."""
    record = jobseeker_records(JobseekerProfile.objects.filter(pk=profile.pk))[0]
    ranking = _vacancy_index().vacancies_for(record, k=k)
    vacancies = Vacancy.objects.in_bulk([int(i) for i in ranking.ids])
    matches = []
    for vacancy_id, explanation in zip(ranking.ids, ranking.explanations(), strict=True):
        vacancy = vacancies.get(int(vacancy_id))
        if vacancy is not None and vacancy.status == Vacancy.Status.OPEN:
            matches.append(_match(vacancy, explanation, language))
    return matches


def recommendation_scores_for_profile(*, profile: JobseekerProfile, k: int) -> dict[str, float]:
    """The k open vacancies that fit the jobseeker best and their scores (vacancy id → score),
    read from the profile as it is now (for "which recommendations improved")."""
    record = jobseeker_records(JobseekerProfile.objects.filter(pk=profile.pk))[0]
    ranking = _vacancy_index().vacancies_for(record, k=k)
    return dict(zip(ranking.ids, ranking.scores, strict=True))


def candidates_for_vacancy(*, vacancy: Vacancy, k: int, language: str) -> list[Match]:
    """The k jobseekers who fit the vacancy best, with explanations (on demand)."""
    record = vacancy_records([vacancy])[0]
    ranking = _jobseeker_index().candidates_for(record, k=k)
    profiles = JobseekerProfile.objects.select_related("user").in_bulk(
        [int(i) for i in ranking.ids]
    )
    return [
        _match(profiles[int(pid)], explanation, language)
        for pid, explanation in zip(ranking.ids, ranking.explanations(), strict=True)
        if int(pid) in profiles
    ]


@dataclass(frozen=True)
class Candidate:
    """A recommended jobseeker as the employer may see them: the name only when the jobseeker
    applied to the vacancy or agreed to be seen (`open_to_contact`), otherwise a code that is
    the same on every visit to this vacancy and different for every other vacancy."""

    match: Match
    named: bool
    label: str


def candidate_code(*, vacancy_id: int, profile_id: int) -> str:
    """A stable pseudonym of a jobseeker for one vacancy (keyed by SECRET_KEY)."""
    digest = salted_hmac(
        "jobseekers.candidate", f"{vacancy_id}:{profile_id}", algorithm="sha256"
    ).hexdigest()
    return digest[:6].upper()


def candidates_as_seen_by_employer(*, vacancy: Vacancy, matches: list[Match]) -> list[Candidate]:
    """`matches` with each jobseeker named or pseudonymised (Personal Data Protection Law:
    an employer learns who a jobseeker is when the jobseeker chooses to be known)."""
    applied = set(
        Application.objects.filter(
            vacancy=vacancy, profile_id__in=[m.object.pk for m in matches]
        ).values_list("profile_id", flat=True)
    )
    seen: list[Candidate] = []
    for match in matches:
        profile = match.object
        if profile.pk in applied or profile.open_to_contact:
            seen.append(Candidate(match=match, named=True, label=profile.user.display_name))
        else:
            code = candidate_code(vacancy_id=vacancy.pk, profile_id=profile.pk)
            seen.append(
                Candidate(match=match, named=False, label=_("Candidate %(code)s") % {"code": code})
            )
    return seen


def latest_finished_run() -> RecommendationRun | None:
    return (
        RecommendationRun.objects.filter(status=RecommendationRun.Status.SUCCEEDED)
        .order_by("-finished_at", "-id")
        .first()
    )


def stored_candidates(
    *, vacancy: Vacancy, language: str
) -> tuple[RecommendationRun, list[Match]] | None:
    """The candidates the latest finished bulk run stored for `vacancy`, if it covered it."""
    run = latest_finished_run()
    if run is None:
        return None
    rows = list(
        Recommendation.objects.filter(run=run, vacancy=vacancy)
        .select_related("profile__user")
        .order_by("rank")
    )
    if not rows:
        return None
    return run, [_match(row.profile, row.explanation, language) for row in rows]


def recommendation_run_list() -> QuerySet[RecommendationRun]:
    return RecommendationRun.objects.select_related("requested_by").order_by("-created_at", "-id")

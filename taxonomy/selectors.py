"""Reads of the occupation classification, the skills list and their synonyms."""

from __future__ import annotations

import functools

from django.db.models import Q, QuerySet

from taxonomy.models import Occupation, OccupationSkill, Skill, Synonym
from taxonomy.resolve import Taxonomy


def unit_group_codes() -> frozenset[str]:
    """Every 4-digit ISCO-08 unit-group code (about 436): for validating files in bulk."""
    return frozenset(
        Occupation.objects.filter(level=Occupation.Level.UNIT).values_list("code", flat=True)
    )


def unit_group_exists(*, code: str) -> bool:
    """Whether `code` is an ISCO-08 unit group."""
    return Occupation.objects.filter(level=Occupation.Level.UNIT, code=code).exists()


def unit_group_list(*, search: str = "") -> QuerySet[Occupation]:
    """Unit groups, optionally searched by code prefix or title in either language."""
    groups = Occupation.objects.filter(level=Occupation.Level.UNIT)
    if search:
        groups = groups.filter(
            Q(code__startswith=search)
            | Q(title_en__icontains=search)
            | Q(title_ar__icontains=search)
        )
    return groups.order_by("code")


def occupation_titles(*, codes: set[str]) -> dict[str, Occupation]:
    """The occupations with the given codes, by code (for labelling lists in one query)."""
    return {o.code: o for o in Occupation.objects.filter(code__in=codes)}


@functools.cache
def taxonomy_from_database() -> Taxonomy:
    """The taxonomy as the database holds it (shipped data plus synonyms staff added), in
    memory for the resolver and the matcher. Built on first use in each process; call
    `taxonomy_reset()` after changing skills or synonyms so the next use rebuilds it."""
    from taxonomy.loading import education_rows, governorate_rows, written_forms

    return Taxonomy.build(
        occupations=Occupation.objects.values_list("code", "title_en", "title_ar"),
        skills=Skill.objects.values_list("code", "domain", "label_en", "label_ar"),
        retired=Skill.objects.filter(retired_at__isnull=False).values_list("code", flat=True),
        unit_links=OccupationSkill.objects.values_list(
            "occupation__code", "skill__code", "relation"
        ),
        synonyms=Synonym.objects.values_list("kind", "code", "text"),
        written=written_forms(),
        education=[
            (r["code"], int(r["rank"]), r["label_en"], r["label_ar"]) for r in education_rows()
        ],
        governorates=[
            (r["code"], r["label_en"], r["label_ar"], r["neighbours"]) for r in governorate_rows()
        ],
    )


def taxonomy_reset() -> None:
    """Forget the in-memory taxonomy of this process (after an edit, and between tests)."""
    taxonomy_from_database.cache_clear()


def skills_for_occupation(*, code: str) -> QuerySet[OccupationSkill]:
    """The skills typical of one unit group, required first, with the skill rows."""
    return (
        OccupationSkill.objects.filter(occupation__code=code)
        .select_related("skill")
        .order_by("relation", "skill__code")
    )


def skill_list(*, search: str = "") -> QuerySet[Skill]:
    """Skills, optionally searched by code, label (either language) or synonym."""
    skills = Skill.objects.all()
    if search:
        from taxonomy.text import match_key

        codes = Synonym.objects.filter(kind="skill", key__contains=match_key(search)).values("code")
        skills = skills.filter(
            Q(code__icontains=search)
            | Q(label_en__icontains=search)
            | Q(label_ar__icontains=search)
            | Q(code__in=codes)
        )
    return skills.order_by("code")


def skill_by_code(*, code: str) -> Skill | None:
    return Skill.objects.filter(code=code).first()


def synonyms_for(*, kind: str, code: str) -> QuerySet[Synonym]:
    """A code's synonyms, those staff added first."""
    return Synonym.objects.filter(kind=kind, code=code).order_by("shipped", "language", "key")

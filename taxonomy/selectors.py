"""Reads of the occupation classification."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from taxonomy.models import Occupation


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

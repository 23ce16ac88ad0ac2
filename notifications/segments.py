"""The segments of a broadcast: a small registry of filters that the apps contribute.

notifications sits low in the layers (ADR 0018) and knows nothing of registers, status codes
or accommodation. The workers a broadcast can reach come from the question
`notifications.questions.broadcast_population` (one row per worker, the columns of
POPULATION_COLUMNS, read as `w`); each app that knows a way to narrow them registers a
`SegmentFilter` from its `AppConfig.ready()`:

    segment_filter_register(SegmentFilter(
        code="site", label=_("Accommodation site"), order=50,
        condition=lambda values: where_in("w.employee_id",
                                          Resident.objects.filter(site__code__in=values)
                                          .values("employee_id")),
        choices=site_choices,
    ))

A broadcast keeps its segment as `{code: [values]}`: a worker is in it when, for every filter
given, one of its values matches (values of one filter are OR'ed, filters are AND'ed). The
filter turns its values into an SQL condition over `w`; the set-based send (notifications.
broadcasts) puts the conditions into one INSERT ... SELECT.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The columns of the population's rows (notifications.questions.broadcast_population):
#   employee_id       the register entry (employers.Employee) of the worker
#   establishment_id  the employer
#   nationality       ISO 3166 alpha-3
#   user_id           the worker's own proven account, or NULL
#   mobile            a verified mobile in E.164 (the account's, else the civil registry's),
#                     or NULL: such a worker is counted but cannot be sent to
#   language          the worker's language (settings.LANGUAGES)
#   opted_out         whether the worker switched alerts off (official notices still go)
POPULATION_COLUMNS = (
    "employee_id",
    "establishment_id",
    "nationality",
    "user_id",
    "mobile",
    "language",
    "opted_out",
)

Condition = tuple[str, list[Any]]


@dataclass(frozen=True)
class SegmentFilter:
    """One way to narrow a broadcast's workers.

    `condition(values)` returns an SQL condition over the population row `w` and its
    parameters. With `choices`, staff pick values from a list; without, they type them
    (separated by commas or spaces) and `clean(values)` checks them (ValidationError).
    """

    code: str
    label: str | Promise
    condition: Callable[[list[str]], Condition]
    choices: Callable[[], list[tuple[str, str]]] | None = None
    clean: Callable[[list[str]], list[str]] | None = None
    help_text: str | Promise = ""
    order: int = 100
    app: str = ""


_FILTERS: dict[str, SegmentFilter] = {}


def segment_filter_register(segment_filter: SegmentFilter) -> None:
    """Add a filter (from an AppConfig.ready()). The same app registering its filter again is
    fine; another app's filter under a code already taken is a configuration error."""
    current = _FILTERS.get(segment_filter.code)
    if current is not None and current.app != segment_filter.app:
        raise ImproperlyConfigured(f"Two segment filters are called {segment_filter.code!r}.")
    _FILTERS[segment_filter.code] = segment_filter


def segment_filters() -> list[SegmentFilter]:
    """Every registered filter, in the order staff see them."""
    return sorted(_FILTERS.values(), key=lambda f: (f.order, f.code))


def segment_filter(code: str) -> SegmentFilter | None:
    return _FILTERS.get(code)


def where_in(column: str, queryset: QuerySet[Any]) -> Condition:
    """`column IN (<the queryset's SQL>)`: a filter's condition from a one-column queryset."""
    sql, params = queryset.query.sql_with_params()
    return f"{column} IN ({sql})", list(params)


def segment_clean(segment: Mapping[str, Any]) -> dict[str, list[str]]:
    """The segment with each filter's values checked and sorted, empty filters dropped.
    Raises ValidationError (keyed by filter code) for an unknown filter or value."""
    cleaned: dict[str, list[str]] = {}
    errors: dict[str, list[str]] = {}
    for code, raw in segment.items():
        values = sorted({str(v).strip() for v in (raw or []) if str(v).strip()})
        if not values:
            continue
        found = _FILTERS.get(code)
        if found is None:
            errors[code] = [str(_("There is no segment filter %(code)s.") % {"code": code})]
            continue
        if found.choices is not None:
            known = {value for value, _label in found.choices()}
            unknown = [v for v in values if v not in known]
            if unknown:
                errors[code] = [
                    str(_("Unknown values: %(values)s.") % {"values": ", ".join(unknown)})
                ]
                continue
        if found.clean is not None:
            try:
                values = found.clean(values)
            except ValidationError as error:
                errors[code] = list(error.messages)
                continue
        cleaned[code] = values
    if errors:
        raise ValidationError(errors)
    return cleaned


def segment_where(segment: Mapping[str, Iterable[str]]) -> Condition:
    """The SQL condition over `w` of a cleaned segment (TRUE for an empty one)."""
    parts: list[str] = []
    params: list[Any] = []
    for code, values in sorted(segment.items()):
        found = _FILTERS.get(code)
        if found is None:
            raise ImproperlyConfigured(f"No app registers the segment filter {code!r}.")
        sql, more = found.condition(list(values))
        parts.append(f"({sql})")
        params += more
    return (" AND ".join(parts) or "TRUE"), params


def segment_describe(segment: Mapping[str, Iterable[str]]) -> list[tuple[str, str]]:
    """(filter label, its values as staff read them) for each filter of a segment."""
    described = []
    for found in segment_filters():
        values = list(segment.get(found.code) or [])
        if not values:
            continue
        names = dict(found.choices()) if found.choices is not None else {}
        described.append((str(found.label), ", ".join(str(names.get(v, v)) for v in values)))
    return described


def _language_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


def register_own_filters() -> None:
    """The filter notifications answers itself: the worker's language (a population column)."""
    segment_filter_register(
        SegmentFilter(
            code="language",
            label=_("Language"),
            condition=lambda values: ("w.language = ANY(%s)", [list(values)]),
            choices=_language_choices,
            order=90,
            app="notifications",
        )
    )

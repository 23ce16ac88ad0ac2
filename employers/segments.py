"""The segment filters employers contributes to broadcasts (notifications.segments): the
employer (CR numbers), its economic activity and governorate, and the worker's nationality."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from employers.models import EconomicActivity, Employee, Establishment, Governorate
from notifications.segments import SegmentFilter, segment_filter_register, where_in


def _establishments_clean(values: list[str]) -> list[str]:
    found = set(
        Establishment.objects.filter(cr_number__in=values).values_list("cr_number", flat=True)
    )
    unknown = [v for v in values if v not in found]
    if unknown:
        raise ValidationError(
            _("No establishment has the CR number: %(numbers)s.") % {"numbers": ", ".join(unknown)}
        )
    return sorted(found)


def _activity_choices() -> list[tuple[str, str]]:
    return [(a.code, f"{a.code} {a.name}") for a in EconomicActivity.objects.order_by("code")]


def _nationality_choices() -> list[tuple[str, str]]:
    choices = []
    for country in countries:
        code = countries.alpha3(country.code)
        if code and code != Employee.OMANI:
            choices.append((code, f"{country.name} ({code})"))
    return choices


def register_segment_filters() -> None:
    segment_filter_register(
        SegmentFilter(
            code="employer",
            label=gettext_lazy("Employer (CR numbers)"),
            condition=lambda values: where_in(
                "w.establishment_id",
                Establishment.objects.filter(cr_number__in=values).values("id"),
            ),
            clean=_establishments_clean,
            help_text=gettext_lazy("Separate the numbers with commas or spaces."),
            order=20,
            app="employers",
        )
    )
    segment_filter_register(
        SegmentFilter(
            code="activity",
            label=gettext_lazy("Economic activity"),
            condition=lambda values: where_in(
                "w.establishment_id",
                Establishment.objects.filter(activity__code__in=values).values("id"),
            ),
            choices=_activity_choices,
            order=30,
            app="employers",
        )
    )
    segment_filter_register(
        SegmentFilter(
            code="governorate",
            label=gettext_lazy("Governorate"),
            condition=lambda values: where_in(
                "w.establishment_id",
                Establishment.objects.filter(governorate__in=values).values("id"),
            ),
            choices=lambda: [(str(v), str(label)) for v, label in Governorate.choices],
            order=40,
            app="employers",
        )
    )
    segment_filter_register(
        SegmentFilter(
            code="nationality",
            label=gettext_lazy("Nationality"),
            condition=lambda values: ("w.nationality = ANY(%s)", [list(values)]),
            choices=_nationality_choices,
            order=60,
            app="employers",
        )
    )

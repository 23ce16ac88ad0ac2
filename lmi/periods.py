"""Months of the statistics, labelled in Gregorian with the Hijri (Umm al-Qura) months beside
them (hijridate): a Gregorian month spans parts of two Hijri months."""

from __future__ import annotations

import datetime
from typing import Literal

from django.utils import formats, translation
from hijridate import Gregorian


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, n: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(month: datetime.date) -> datetime.date:
    return add_months(month, 1) - datetime.timedelta(days=1)


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    found, month = [], month_start(first)
    while month <= last:
        found.append(month)
        month = add_months(month, 1)
    return found


def hijri_span(month: datetime.date) -> str:
    """The Hijri months a Gregorian month spans, in the active language."""
    language: Literal["ar", "en"] = (
        "ar" if (translation.get_language() or "ar").startswith("ar") else "en"
    )
    first = Gregorian(month.year, month.month, 1).to_hijri()
    last_day = month_end(month)
    last = Gregorian(last_day.year, last_day.month, last_day.day).to_hijri()
    suffix = " هـ" if language == "ar" else " AH"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.month_name(language)} {first.year}{suffix}"
    if first.year == last.year:
        return f"{first.month_name(language)}–{last.month_name(language)} {last.year}{suffix}"
    return (
        f"{first.month_name(language)} {first.year}–{last.month_name(language)} {last.year}{suffix}"
    )


def month_label(month: datetime.date) -> str:
    """ "November 2026 (Jumada al-Ula–Jumada al-Akhirah 1448 AH)", in the active language."""
    return f"{formats.date_format(month, 'YEAR_MONTH_FORMAT')} ({hijri_span(month)})"

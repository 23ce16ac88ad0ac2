"""Deadlines of the employment lifecycle, computed from the dated rules and from the notification
ledger, never from the day a case was filed.

The worker's objection window runs from the moment the worker was told. A notice goes to every
verified number of the worker (employment.services.notices), one SMS each: the window runs from
the first delivery receipt among them, otherwise (the provider gave no receipt) from the first
sending. While none was sent or delivered (or no message could be written: the worker has no
verified number, or the registry is down) the worker has not been told and the deadline has not
started: an objection is accepted (the worker may have heard of the case otherwise) and the
window cannot close.

Counting (a project decision, documented here and in the tests): the day the worker was told is
day 0 in Muscat; the window covers the `days` calendar days that follow and closes at the end of
the last one, i.e. at 00:00 Asia/Muscat of the next day. A notice delivered on 1 March at 10:00
with 30 days can be objected to until 31 March 23:59:59 Muscat time; on 1 April it is refused.
Closing at the end of a day (not 24 h after the receipt's minute) is what a worker reading
"30 days" expects and what an officer can check from the dates alone.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from core.dated import in_force_on
from employment.models import LifecycleRuleSet
from notifications.models import SmsMessage

MUSCAT = ZoneInfo("Asia/Muscat")


def lifecycle_rule_set_in_force(*, on: datetime.date | None = None) -> LifecycleRuleSet | None:
    """The published lifecycle rule set in force on `on` (today, Muscat), or None."""
    return in_force_on(LifecycleRuleSet.objects.all(), on=on or timezone.localdate())


def end_of_muscat_day(day: datetime.date) -> datetime.datetime:
    """The first instant after `day` in Muscat (00:00 of the next day): where a deadline that
    runs "until the end of `day`" closes."""
    return datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time.min, tzinfo=MUSCAT
    )


@dataclass(frozen=True)
class Window:
    """An objection window. `starts_at` is None while the worker has not been told."""

    starts_at: datetime.datetime | None
    days: int

    @property
    def started(self) -> bool:
        return self.starts_at is not None

    @property
    def last_day(self) -> datetime.date | None:
        """The last Muscat calendar day on which an objection is accepted."""
        if self.starts_at is None:
            return None
        return self.starts_at.astimezone(MUSCAT).date() + datetime.timedelta(days=self.days)

    @property
    def closes_at(self) -> datetime.datetime | None:
        """The first instant at which an objection is refused (00:00 Muscat after the last day)."""
        last = self.last_day
        return None if last is None else end_of_muscat_day(last)

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        """True until `closes_at` (exclusive). A worker may object before the notice reached
        them (they heard of it otherwise): the deadline only starts running once they were told,
        so a window not started is open and cannot close."""
        closes = self.closes_at
        return closes is None or (now or timezone.now()) < closes

    def has_closed(self, now: datetime.datetime | None = None) -> bool:
        """True once a started window has run out; a window never started never closes."""
        closes = self.closes_at
        return closes is not None and (now or timezone.now()) >= closes


def objection_window(*, messages: Iterable[SmsMessage], days: int) -> Window:
    """The objection window of a notice sent as `messages` (one per verified number): from the
    first delivery receipt among them, or, when none has a receipt, from the first sending; not
    started while none was sent or delivered (or when no message could be written at all)."""
    sent = list(messages)
    delivered = [m.delivered_at for m in sent if m.delivered_at is not None]
    if delivered:
        return Window(starts_at=min(delivered), days=days)
    sent_at = [m.sent_at for m in sent if m.sent_at is not None]
    return Window(starts_at=min(sent_at) if sent_at else None, days=days)

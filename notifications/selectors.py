"""Reads of the SMS ledger."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
)

from notifications.models import Broadcast, BroadcastRun, SmsMessage, SmsTemplate

if TYPE_CHECKING:
    # The configured user model (AUTH_USER_MODEL), named without importing the app above.
    from django.contrib.auth.models import _User as User


def sms_messages_for_person(*, person: User) -> QuerySet[SmsMessage]:
    """A person's own messages, newest first."""
    return (
        SmsMessage.objects.filter(recipient=person)
        .select_related("template")
        .order_by("-created_at", "-id")
    )


def sms_messages_all(
    *,
    person: str = "",
    template_code: str = "",
    status: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[SmsMessage]:
    """The whole ledger for staff, searched by person (username, civil ID or number), template,
    status and creation date."""
    messages = SmsMessage.objects.select_related("template", "recipient")
    if person:
        messages = messages.filter(
            Q(recipient__username=person) | Q(recipient__civil_id=person) | Q(to_number=person)
        )
    if template_code:
        messages = messages.filter(template__code=template_code)
    if status:
        messages = messages.filter(status=status)
    if date_from:
        messages = messages.filter(created_at__date__gte=date_from)
    if date_to:
        messages = messages.filter(created_at__date__lte=date_to)
    return messages.order_by("-created_at", "-id")


class _Median(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


@dataclass(frozen=True)
class TemplateDelivery:
    code: str
    name: str
    total: int
    delivered: int
    failed: int
    pending: int
    median_latency: datetime.timedelta | None

    @property
    def delivery_rate(self) -> float | None:
        finished = self.delivered + self.failed
        return self.delivered / finished if finished else None


def sms_delivery_by_template(*, since: datetime.datetime) -> list[TemplateDelivery]:
    """Per template since `since`: messages, delivered, failed or undelivered, still pending,
    and the median time from writing to delivery. One grouped query."""
    latency = ExpressionWrapper(F("delivered_at") - F("created_at"), output_field=DurationField())
    rows: list[Any] = list(
        SmsMessage.objects.filter(created_at__gte=since)
        .values("template__code", "template__name")
        .annotate(
            total=Count("id"),
            delivered=Count("id", filter=Q(status=SmsMessage.Status.DELIVERED)),
            failed=Count(
                "id",
                filter=Q(status__in=[SmsMessage.Status.FAILED, SmsMessage.Status.UNDELIVERED]),
            ),
            median_latency=_Median(latency, filter=Q(delivered_at__isnull=False)),
        )
        .order_by("template__code")
    )
    return [
        TemplateDelivery(
            code=row["template__code"],
            name=row["template__name"],
            total=row["total"],
            delivered=row["delivered"],
            failed=row["failed"],
            pending=row["total"] - row["delivered"] - row["failed"],
            median_latency=row["median_latency"],
        )
        for row in rows
    ]


def sms_templates_all() -> QuerySet[SmsTemplate]:
    return SmsTemplate.objects.order_by("code")


# --- broadcasts -------------------------------------------------------------------------------


def broadcasts_all() -> QuerySet[Broadcast]:
    """Every broadcast, newest first, for ministry staff (no tenant: staff pages only)."""
    return Broadcast.objects.select_related("created_by", "decided_by").order_by(
        "-created_at", "-id"
    )


def broadcast_latest_run(*, broadcast: Broadcast) -> BroadcastRun | None:
    return BroadcastRun.objects.filter(broadcast=broadcast).order_by("-id").first()


@dataclass(frozen=True)
class BroadcastFigures:
    """A broadcast's messages by where they are: queued (all written), still waiting to leave
    (created or sending), sent (accepted by the provider, no receipt yet), delivered (receipt)
    and failed (failed or undelivered)."""

    language: str
    queued: int
    waiting: int
    sent: int
    delivered: int
    failed: int


_WAITING = [SmsMessage.Status.CREATED, SmsMessage.Status.SENDING]
_FAILED = [SmsMessage.Status.FAILED, SmsMessage.Status.UNDELIVERED]


def broadcast_statistics(*, broadcast: Broadcast) -> list[BroadcastFigures]:
    """The broadcast's figures by language sent, read from the ledger (so they follow the
    relay and the delivery receipts), with the total last (language "")."""
    rows = (
        SmsMessage.objects.filter(broadcast=broadcast)
        .order_by()
        .values("language")
        .annotate(
            queued=Count("id"),
            waiting=Count("id", filter=Q(status__in=_WAITING)),
            sent=Count("id", filter=Q(status=SmsMessage.Status.SENT)),
            delivered=Count("id", filter=Q(status=SmsMessage.Status.DELIVERED)),
            failed=Count("id", filter=Q(status__in=_FAILED)),
        )
        .order_by("language")
    )
    figures = [BroadcastFigures(**row) for row in rows]
    if figures:
        figures.append(
            BroadcastFigures(
                language="",
                **{
                    name: sum(getattr(f, name) for f in figures)
                    for name in ("queued", "waiting", "sent", "delivered", "failed")
                },
            )
        )
    return figures

"""Segment filters of broadcasts (notifications.segments) read from the worker status codes.

They live in the project package, the top layer, which reads workstatus's table of codes in
force without changing that app: a worker is in the segment when their overall code, or one of
their reasons, is among those chosen."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from notifications.segments import SegmentFilter, segment_filter_register, where_in
from workstatus.models import Code, WorkerStatus
from workstatus.reasons import REASONS


def register_segment_filters() -> None:
    segment_filter_register(
        SegmentFilter(
            code="status",
            label=_("Worker status code"),
            condition=lambda values: where_in(
                "w.employee_id",
                WorkerStatus.objects.filter(overall__in=values).values("employee_id"),
            ),
            choices=lambda: [(str(v), str(label)) for v, label in Code.choices],
            order=10,
            app="workstatus",
        )
    )
    segment_filter_register(
        SegmentFilter(
            code="reason",
            label=_("Reason for the status code"),
            condition=lambda values: where_in(
                "w.employee_id",
                WorkerStatus.objects.filter(reasons__overlap=values).values("employee_id"),
            ),
            choices=lambda: [(code, str(reason.label)) for code, reason in REASONS.items()],
            order=11,
            app="workstatus",
        )
    )

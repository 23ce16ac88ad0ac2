"""Writes of the labour market information: a rollup run (nightly or asked for by staff) that
rebuilds the rollups and releases the open datasets; the courses of training institutions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.rulesets import today
from core.runs import run_fail, run_progress, run_start, run_succeed
from core.services import audit_record, model_snapshot
from lmi import datasets, rollups
from lmi.models import Course, CourseSkill, Institution, Release, RollupRun, StaffScope
from lmi.selectors import Filters, disclosure_rules, rollup_month

if TYPE_CHECKING:
    from django.contrib.auth.models import _User as User


COURSE_FIELDS = ("title_en", "title_ar", "governorate", "weeks", "is_published")


class RollupError(ApplicationError):
    """A rollup cannot start (one is already waiting or running)."""


class CourseError(ApplicationError):
    """A course was refused (no skill named)."""


class ScopeError(ApplicationError):
    """A governorate scope was refused (a staff member scoping themselves)."""


@transaction.atomic
def rollup_request(
    *, requested_by: User | None, trigger: str = RollupRun.Trigger.ON_DEMAND
) -> RollupRun:
    """Queue a rebuild of the rollups; it runs in the background after this commits."""
    from lmi.tasks import rollup_run_task

    if RollupRun.objects.select_for_update().filter(status__in=["queued", "running"]).exists():
        raise RollupError(_("A rollup is already waiting or running."))
    run = RollupRun.objects.create(
        trigger=trigger, requested_by=requested_by, total=len(rollups.statements())
    )
    audit_record(
        actor=requested_by, action="lmi.rollup_requested", obj=run, after={"trigger": trigger}
    )
    transaction.on_commit(lambda: rollup_run_task.delay(run.pk))
    return run


def rollup_execute(*, run_id: int) -> RollupRun | None:
    """Rebuild every rollup set-based, then release the open datasets. One run at a time (an
    advisory lock); a failure marks the run FAILED and keeps the previous rollups."""
    run = run_start(RollupRun, run_id)
    if run is None:
        return None
    day = today()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(hashtext('lmi.rollup'))")
        try:
            built = rollups.rollup_build(
                today=day,
                progress=lambda done, _total: _progress(run_id, done),
            )
            released, withheld = datasets_release(run_id=run_id)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(hashtext('lmi.rollup'))")
    except Exception as error:
        run_fail(RollupRun, run_id, f"{type(error).__name__}: {error}")
        raise
    run_succeed(
        RollupRun,
        run_id,
        processed=len(built.per_measure),
        rows=built.rows,
        released=released,
        withheld=withheld,
    )
    run.refresh_from_db()
    return run


def _progress(run_id: int, done: int) -> None:
    run_progress(RollupRun, run_id, processed=done)


def datasets_release(*, run_id: int | None = None) -> tuple[int, int]:
    """Build, protect, check and store every open dataset; (released, withheld)."""
    day = today()
    threshold, dominance = disclosure_rules(on=day)
    period = Filters.default(today=day)
    stock_month = rollup_month()
    released = withheld = 0
    for dataset in datasets.DATASETS:
        with transaction.atomic():
            item = datasets.release(
                dataset,
                first=period.first,
                last=period.last,
                stock_month=stock_month,
                threshold=threshold,
                dominance_percent=dominance,
                run_id=run_id,
            )
        if item.status == Release.Status.RELEASED:
            released += 1
        else:
            withheld += 1
    return released, withheld


@transaction.atomic
def course_publish(
    *,
    institution: Institution,
    by: User,
    title_en: str,
    title_ar: str,
    governorate: str,
    weeks: int,
    skill_codes: list[str],
) -> Course:
    """An institution publishes a course with the skills it teaches."""
    if not skill_codes:
        raise CourseError(_("Name at least one skill the course teaches."))
    course = Course.objects.create(
        institution=institution,
        title_en=title_en,
        title_ar=title_ar,
        governorate=governorate,
        weeks=weeks,
    )
    CourseSkill.objects.bulk_create(
        [CourseSkill(course=course, skill_code=code) for code in sorted(set(skill_codes))]
    )
    audit_record(
        actor=by,
        action="lmi.course_published",
        obj=course,
        after={**model_snapshot(course, COURSE_FIELDS), "skills": sorted(set(skill_codes))},
    )
    return course


@transaction.atomic
def course_withdraw(*, course: Course, by: User) -> Course:
    """Take a course off the jobseekers' pages (it stays in the institution's list)."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    before = model_snapshot(course, COURSE_FIELDS)
    course.is_published = False
    course.save(update_fields=["is_published", "updated_at"])
    audit_record(
        actor=by,
        action="lmi.course_withdrawn",
        obj=course,
        before=before,
        after=model_snapshot(course, COURSE_FIELDS),
    )
    return course


@transaction.atomic
def staff_scope_assign(*, user: User, governorate: str, assigned_by: User) -> StaffScope:
    """Scope `user` to one governorate's directorate (replacing a scope they had): from now on
    the dashboards show them that governorate only. Audited with the scope before and after.
    Raises ScopeError when a staff member would scope themselves."""
    if user.pk == assigned_by.pk:
        raise ScopeError(_("You cannot change your own scope: ask another approver."))
    scope = StaffScope.objects.select_for_update().filter(user=user).first()
    before = {"governorate": scope.governorate} if scope else {"governorate": ""}
    if scope is None:
        scope = StaffScope(user=user, governorate=governorate)
    else:
        scope.governorate = governorate
    scope.full_clean()
    scope.save()
    audit_record(
        actor=assigned_by,
        action="lmi.staff_scope_assigned",
        obj=scope,
        before=before,
        after={"governorate": governorate, "user": user.pk},
        subject=user,
    )
    return scope


@transaction.atomic
def staff_scope_end(*, scope: StaffScope, ended_by: User) -> None:
    """End a staff member's governorate scope: they see the whole country again. Audited.
    Raises ScopeError when a staff member would end their own scope."""
    if scope.user_id == ended_by.pk:
        raise ScopeError(_("You cannot change your own scope: ask another approver."))
    user = scope.user
    audit_record(
        actor=ended_by,
        action="lmi.staff_scope_ended",
        obj=scope,
        before={"governorate": scope.governorate, "user": user.pk},
        after={"governorate": ""},
        subject=user,
    )
    scope.delete()

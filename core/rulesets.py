"""Rules as dated data (ADR 0021): one abstract rule set, one set of services that draft, edit,
preview and publish it, and the description of a rule family that the staff pages
(`core.ruleset_views`) are built from.

A rule family is a model that inherits `DatedRuleSet` (Omanization targets and weights, permit
fees, employment lifecycle deadlines and fines, and the families later issues add) plus, usually,
one child model of lines (targets, fee bands, violation types). Every family goes through the
same steps:

    draft_create    a draft, copied from the latest published set with its lines
    draft_update    change the figures of a draft (clears a pending same-day request)
    line_save       add or change one line of a draft, found by its key (code, or scope)
    line_delete     remove one line of a draft
    draft_discard   delete a draft
    request_today   a first approver asks for a draft starting today to be published today
    publish         publish: lock, check, close the predecessor the day before, next version

Published sets never change, so the rules in force on any past date stay reproducible. A set
starts tomorrow at the earliest, unless two different people agree that it must change today
(`request_today`, then `publish` by someone else), as the Singapore seed describes for rules
that cannot wait. The very first set of a family loads the rules already in force and may start
on any date: nothing was computed before it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exceptions import ApplicationError
from core.models import BaseModel
from core.services import audit_record, model_snapshot
from core.workflow import advance


class RuleSetError(ApplicationError):
    """A rule set change was refused (not a draft, dates that overlap, a start in the past, a
    same-day publication without a second approver)."""


class DatedRuleSet(BaseModel):
    """Rules in force from `effective_from` to `effective_to` (open-ended when empty).

    States:
        DRAFT       Being edited by policy staff. In force nowhere; its impact can be previewed.
        PUBLISHED   In force over its dates. Never edited again: publishing a later set only
                    closes an open-ended one on the day before the new one starts, and that day
                    is never before yesterday.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("Draft")
        PUBLISHED = "published", gettext_lazy("Published")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.DRAFT: frozenset({Status.PUBLISHED}),
        Status.PUBLISHED: frozenset(),
    }
    TONES: ClassVar[dict[str, str]] = {Status.DRAFT: "warning", Status.PUBLISHED: "success"}
    EDITABLE: ClassVar[frozenset[str]] = frozenset({Status.DRAFT})

    status = models.CharField(
        gettext_lazy("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(
        gettext_lazy("version"), null=True, blank=True, unique=True
    )
    effective_from = models.DateField(gettext_lazy("in force from"))
    effective_to = models.DateField(gettext_lazy("in force until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("created by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("published by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    published_at = models.DateTimeField(gettext_lazy("published at"), null=True, blank=True)
    today_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("same-day publication asked by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    today_requested_at = models.DateTimeField(
        gettext_lazy("same-day publication asked at"), null=True, blank=True
    )

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def title(self) -> str:
        """The name in the reader's language (families with an Arabic name override it)."""
        return str(getattr(self, "name", "") or self)


R = TypeVar("R", bound=DatedRuleSet)


@dataclass(frozen=True)
class Lines:
    """The child lines of a rule family: `model` with a foreign key `rule_set`, reached from the
    rule set by `related_name`; a line is found by `key` (its natural key within the set) and
    `fields` are copied into a new draft and audited."""

    model: type[models.Model]
    related_name: str
    key: tuple[str, ...]
    fields: tuple[str, ...]
    audit_name: str
    form: type[Any]
    template: str
    heading: Any
    add_heading: Any
    select_related: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleFamily(Generic[R]):
    """Everything the one staff journey needs to know about a family of rules."""

    slug: str  # audit prefix and the family's app label: "omanization", "permits", ...
    model: type[R]
    namespace: str  # URL namespace of the family's pages
    title: Any  # "Omanization rule sets"
    description: Any
    view_permission: str
    edit_permission: str
    fields: tuple[str, ...]  # the figures a draft edits (its name, dates and rules)
    form: type[Any]  # ModelForm over `fields`
    figures_template: str  # read-only figures of a published set
    lines: Lines | None = None
    impact: Callable[[R], Mapping[str, Any]] | None = None
    impact_template: str = ""
    impact_link: Any = ""
    checks: Callable[[R], None] | None = None  # family rules a draft must meet to be published
    error: type[RuleSetError] = RuleSetError
    after_publish: Callable[[R], None] | None = None  # e.g. clear a cache of the set in force
    copied: tuple[str, ...] = field(default=())  # fields copied into a new draft but not edited
    # What the list page shows above the sets (e.g. the bands of each set): context for
    # `summary_template`, from the sets listed.
    summary: Callable[[list[R]], Mapping[str, Any]] | None = None
    summary_template: str = ""

    def fail(self, message: str) -> RuleSetError:
        return self.error(message)

    def rows(self) -> models.QuerySet[R]:
        """Every rule set of the family."""
        manager: Any = self.model._default_manager
        return manager.all()


APPROVE_TODAY_PERMISSION = "core.approve_rules_today"

# What every family's form says of a draft's first day.
EFFECTIVE_FROM_HELP = gettext_lazy(
    "From tomorrow at the earliest, or today with a second approver; and after the "
    "latest published rule set, which stays in force until the day before."
)


def today() -> datetime.date:
    """Today in the portal's time zone: the date rules are for."""
    return timezone.localdate()


# --- reads ------------------------------------------------------------------------------------


def latest_published(family: RuleFamily[R]) -> R | None:
    """The published set of the family that starts last (possibly in the future)."""
    return (
        family.rows()
        .filter(status=DatedRuleSet.Status.PUBLISHED)
        .order_by("-effective_from", "-id")
        .first()
    )


def changes_from_latest(family: RuleFamily[R], draft: R) -> list[dict[str, Any]]:
    """The figures of `draft` that differ from the latest published set: field label, before,
    after (the part of the impact every family shares)."""
    base = latest_published(family)
    if base is None or base.pk == draft.pk:
        return []
    rows = []
    for name in family.fields:
        if name in ("name", "name_ar", "decree", "notes", "effective_from"):
            continue
        before, after = getattr(base, name), getattr(draft, name)
        if before != after:
            label = getattr(family.model._meta.get_field(name), "verbose_name", name)
            rows.append({"field": name, "label": label, "before": before, "after": after})
    return rows


# --- writes -----------------------------------------------------------------------------------


def _locked(family: RuleFamily[R], rule_set: R) -> R:
    return family.rows().select_for_update().get(pk=rule_set.pk)


def _check_draft(family: RuleFamily[R], rule_set: DatedRuleSet) -> None:
    if not rule_set.is_editable:
        raise family.fail(_("A published rule set cannot be changed. Copy it into a new draft."))


def _set_fields(rule_set: DatedRuleSet, names: Sequence[str], values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        if name not in names:
            raise TypeError(f"unknown rule set field {name}")
        setattr(rule_set, name, value)


def _clear_today_request(rule_set: DatedRuleSet) -> None:
    """Any change to a draft withdraws a pending same-day request: the second approver must
    agree to what is published, not to what was there when the first one asked."""
    rule_set.today_requested_by = None
    rule_set.today_requested_at = None


def _line_snapshot(lines: Lines, line: models.Model) -> dict[str, Any]:
    return model_snapshot(line, lines.fields)


@transaction.atomic
def draft_create(
    family: RuleFamily[R], *, created_by: Any, copy_from: R | None = None, **values: Any
) -> R:
    """A new draft from `values`; with `copy_from` (usually the latest published set) its
    figures and lines are copied first. Raises ValidationError for figures out of range."""
    rule_set = family.model(created_by=created_by, status=DatedRuleSet.Status.DRAFT)
    if copy_from is not None:
        for name in (*family.fields, *family.copied):
            setattr(rule_set, name, getattr(copy_from, name))
    _set_fields(rule_set, family.fields, values)
    rule_set.full_clean()
    rule_set.save()
    lines = family.lines
    if copy_from is not None and lines is not None:
        lines.model._default_manager.bulk_create(
            lines.model(rule_set=rule_set, **_line_snapshot_raw(lines, line))
            for line in getattr(copy_from, lines.related_name).all()
        )
    audit_record(
        actor=created_by,
        action=f"{family.slug}.rule_set_drafted",
        obj=rule_set,
        after={
            **model_snapshot(rule_set, family.fields),
            "copied_from": copy_from.pk if copy_from else None,
        },
    )
    return rule_set


def _line_snapshot_raw(lines: Lines, line: models.Model) -> dict[str, Any]:
    """A line's fields as model attributes (foreign keys by id), to copy it."""
    values = {}
    for name in lines.fields:
        attname = getattr(line._meta.get_field(name), "attname", name)
        values[attname] = getattr(line, attname)
    return values


@transaction.atomic
def draft_update(family: RuleFamily[R], *, rule_set: R, updated_by: Any, **values: Any) -> R:
    """Change the figures of a draft. Raises the family's RuleSetError for a published set and
    ValidationError for figures out of range; nothing changes then."""
    rule_set = _locked(family, rule_set)
    _check_draft(family, rule_set)
    before = model_snapshot(rule_set, family.fields)
    _set_fields(rule_set, family.fields, values)
    _clear_today_request(rule_set)
    rule_set.full_clean()
    rule_set.save()
    audit_record(
        actor=updated_by,
        action=f"{family.slug}.rule_set_changed",
        obj=rule_set,
        before=before,
        after=model_snapshot(rule_set, family.fields),
    )
    return rule_set


@transaction.atomic
def line_save(family: RuleFamily[R], *, rule_set: R, actor: Any, **values: Any) -> models.Model:
    """Add a line to a draft or change the line with the same key. Raises ValidationError for
    values out of range and the family's RuleSetError for a published set."""
    lines = family.lines
    if lines is None:
        raise TypeError(f"{family.slug} rule sets have no lines")
    rule_set = _locked(family, rule_set)
    _check_draft(family, rule_set)
    key = {name: values[name] for name in lines.key}
    line = lines.model._default_manager.filter(rule_set=rule_set, **key).first()
    before = _line_snapshot(lines, line) if line is not None else None
    if line is None:
        line = lines.model(rule_set=rule_set)
    for name, value in values.items():
        if name not in lines.fields:
            raise TypeError(f"unknown line field {name}")
        setattr(line, name, value)
    line.full_clean(validate_unique=False)
    line.save()
    _clear_today_request(rule_set)
    rule_set.save(update_fields=["today_requested_by", "today_requested_at", "updated_at"])
    audit_record(
        actor=actor,
        action=f"{family.slug}.{lines.audit_name}_set",
        obj=rule_set,
        before=before,
        after=_line_snapshot(lines, line),
    )
    return line


@transaction.atomic
def line_delete(family: RuleFamily[R], *, rule_set: R, line_id: int, actor: Any) -> None:
    """Remove one line of a draft (nothing happens for a line of another set)."""
    lines = family.lines
    if lines is None:
        raise TypeError(f"{family.slug} rule sets have no lines")
    rule_set = _locked(family, rule_set)
    _check_draft(family, rule_set)
    line = lines.model._default_manager.filter(rule_set=rule_set, pk=line_id).first()
    if line is None:
        return
    audit_record(
        actor=actor,
        action=f"{family.slug}.{lines.audit_name}_removed",
        obj=rule_set,
        before=_line_snapshot(lines, line),
    )
    line.delete()
    _clear_today_request(rule_set)
    rule_set.save(update_fields=["today_requested_by", "today_requested_at", "updated_at"])


@transaction.atomic
def draft_discard(family: RuleFamily[R], *, rule_set: R, actor: Any) -> None:
    """Delete a draft and its lines."""
    rule_set = _locked(family, rule_set)
    _check_draft(family, rule_set)
    audit_record(
        actor=actor,
        action=f"{family.slug}.rule_set_discarded",
        obj=rule_set,
        before=model_snapshot(rule_set, family.fields),
    )
    rule_set.delete()


def _is_first(family: RuleFamily[R]) -> bool:
    return not family.rows().filter(status=DatedRuleSet.Status.PUBLISHED).exists()


def validate_publishable(family: RuleFamily[R], rule_set: R, *, by: Any = None) -> None:
    """Raise the family's RuleSetError unless `rule_set` may be published now (by `by`, when
    given: a same-day publication needs someone other than the one who asked for it). The
    detail page calls it to say why the publish button is missing."""
    _check_draft(family, rule_set)
    first = _is_first(family)
    start = rule_set.effective_from
    if not first:
        if start < today():
            raise family.fail(
                _(
                    "A rule set cannot take effect in the past: from tomorrow at the earliest "
                    "(%(date)s), or today with a second approver."
                )
                % {"date": (today() + datetime.timedelta(days=1)).isoformat()}
            )
        if start == today():
            if rule_set.today_requested_by_id is None:
                raise family.fail(
                    _(
                        "A rule set can take effect from tomorrow at the earliest (%(date)s). To "
                        "publish it for today, ask for a same-day publication: another approver "
                        "then publishes it."
                    )
                    % {"date": (today() + datetime.timedelta(days=1)).isoformat()}
                )
            if by is not None and rule_set.today_requested_by_id == getattr(by, "pk", None):
                raise family.fail(
                    _("You asked for this same-day publication: another approver must publish it.")
                )
    latest = (
        family.rows()
        .filter(status=DatedRuleSet.Status.PUBLISHED, effective_from__gte=start)
        .order_by("-effective_from")
        .first()
    )
    if latest is not None:
        raise family.fail(
            _(
                "These dates overlap rule set %(version)s, in force from %(date)s. A new rule set "
                "must start after the latest published one."
            )
            % {"version": f"v{latest.version}", "date": latest.effective_from.isoformat()}
        )
    if family.checks is not None:
        family.checks(rule_set)


@transaction.atomic
def request_today(family: RuleFamily[R], *, rule_set: R, requested_by: Any) -> R:
    """The first of two approvers asks for a draft starting today to be published today."""
    rule_set = _locked(family, rule_set)
    _check_draft(family, rule_set)
    if rule_set.effective_from != today():
        raise family.fail(_("Only a rule set that starts today needs a same-day publication."))
    rule_set.today_requested_by = requested_by
    rule_set.today_requested_at = timezone.now()
    rule_set.save(update_fields=["today_requested_by", "today_requested_at", "updated_at"])
    audit_record(
        actor=requested_by,
        action=f"{family.slug}.rule_set_today_requested",
        obj=rule_set,
        after={"effective_from": rule_set.effective_from},
    )
    return rule_set


@transaction.atomic
def publish(family: RuleFamily[R], *, rule_set: R, published_by: Any) -> R:
    """Publish a draft: it takes effect on its start date, the open-ended set before it is
    closed on the day before (audited), and it gets the family's next version number. One
    transaction; concurrent publishes queue on a lock of the family's published sets, so two
    cannot both pass the date check. Raises the family's RuleSetError, changing nothing."""
    list(family.rows().select_for_update().filter(status=DatedRuleSet.Status.PUBLISHED))
    rule_set = _locked(family, rule_set)
    validate_publishable(family, rule_set, by=published_by)
    previous = (
        family.rows()
        .filter(
            status=DatedRuleSet.Status.PUBLISHED,
            effective_from__lt=rule_set.effective_from,
            effective_to__isnull=True,
        )
        .order_by("-effective_from")
        .first()
    )
    if previous is not None:
        previous.effective_to = rule_set.effective_from - datetime.timedelta(days=1)
        previous.save(update_fields=["effective_to", "updated_at"])
        audit_record(
            actor=published_by,
            action=f"{family.slug}.rule_set_superseded",
            obj=previous,
            before={"effective_to": None},
            after={"effective_to": previous.effective_to, "superseded_by": rule_set.pk},
        )
    latest_version = family.rows().aggregate(v=Max("version"))["v"] or 0
    advance(rule_set, DatedRuleSet.Status.PUBLISHED)
    rule_set.version = latest_version + 1
    rule_set.published_by = published_by
    rule_set.published_at = timezone.now()
    rule_set.full_clean()
    rule_set.save()
    after: dict[str, Any] = {
        **model_snapshot(rule_set, [*family.fields, *family.copied, "version"]),
        "closes": previous.pk if previous else None,
        "same_day_asked_by": rule_set.today_requested_by_id,
    }
    if family.lines is not None:
        lines = family.lines
        after["lines"] = [
            _line_snapshot(lines, line) for line in getattr(rule_set, lines.related_name).all()
        ]
    audit_record(
        actor=published_by, action=f"{family.slug}.rule_set_published", obj=rule_set, after=after
    )
    if family.after_publish is not None:
        # Now (this transaction reads the new set) and again after commit (a request of this
        # process that read the old set in between cached it).
        hook = family.after_publish
        hook(rule_set)
        transaction.on_commit(lambda: hook(rule_set))
    return rule_set

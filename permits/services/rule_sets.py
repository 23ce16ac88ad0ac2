"""Publishing a permit rule set (a new fee decree): dated data that never changes once
published. Drafts are prepared in the admin (bands and reserved occupations) and published here."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.services import audit_record, model_snapshot
from core.workflow import advance
from permits.models import PermitRuleSet
from permits.services.lifecycle import PermitError
from taxonomy.selectors import unit_group_exists

RULE_FIELDS = (
    "name",
    "decree",
    "effective_from",
    "effective_to",
    "validity_months",
    "transfer_fee",
    "late_fine_per_month",
    "reserved_occupations",
    "straight_through",
    "labor_market_test_enabled",
    "labor_market_test_days",
    "passport_min_validity_months",
    "renewal_window_weeks",
)


@transaction.atomic
def permit_rule_set_publish(*, rule_set: PermitRuleSet, published_by: User) -> PermitRuleSet:
    """Publish a draft from its start date (after today and after the latest published start),
    closing the open-ended rule set before it on the day before. Raises PermitError."""
    list(PermitRuleSet.objects.select_for_update().filter(status=PermitRuleSet.Status.PUBLISHED))
    rule_set = PermitRuleSet.objects.select_for_update().get(pk=rule_set.pk)
    if rule_set.status != PermitRuleSet.Status.DRAFT:
        raise PermitError(_("Only a draft can be published."))
    if rule_set.effective_from <= timezone.localdate():
        raise PermitError(_("A rule set can only take effect from tomorrow or later."))
    latest = PermitRuleSet.objects.filter(status=PermitRuleSet.Status.PUBLISHED).aggregate(
        start=Max("effective_from"), version=Max("version")
    )
    if latest["start"] is not None and rule_set.effective_from <= latest["start"]:
        raise PermitError(
            _("The start must be after %(date)s, the start of the latest published rule set.")
            % {"date": latest["start"].isoformat()}
        )
    if not rule_set.fee_bands.exists():
        raise PermitError(_("Add at least one fee band before publishing."))
    unknown = [code for code in rule_set.reserved_occupations if not unit_group_exists(code=code)]
    if unknown:
        raise PermitError(
            _("Unknown occupations in the reserved list: %(codes)s") % {"codes": ", ".join(unknown)}
        )
    previous = (
        PermitRuleSet.objects.filter(
            status=PermitRuleSet.Status.PUBLISHED, effective_to__isnull=True
        )
        .order_by("-effective_from")
        .first()
    )
    if previous is not None:
        previous.effective_to = rule_set.effective_from - datetime.timedelta(days=1)
        previous.save(update_fields=["effective_to", "updated_at"])
    advance(rule_set, PermitRuleSet.Status.PUBLISHED)
    rule_set.version = (latest["version"] or 0) + 1
    rule_set.full_clean()
    rule_set.save()
    audit_record(
        actor=published_by,
        action="permits.rule_set_published",
        obj=rule_set,
        after={
            **model_snapshot(rule_set, [*RULE_FIELDS, "version"]),
            "bands": [
                {"code": b.code, "amount": b.amount, "groups": b.isco_major_groups}
                for b in rule_set.fee_bands.all()
            ],
            "closes": previous.pk if previous else None,
        },
    )
    return rule_set

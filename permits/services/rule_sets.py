"""Publishing a permit rule set (a new fee decree): the one dated rule-set service of
`core.rulesets` applied to the permit family (permits.rule_family). Drafts are prepared and
previewed by policy staff on the rule-set pages; the Django admin only reads them."""

from __future__ import annotations

from accounts.models import User
from core import rulesets
from permits.models import PermitRuleSet
from permits.rule_family import PERMITS


def permit_rule_set_publish(*, rule_set: PermitRuleSet, published_by: User) -> PermitRuleSet:
    """Publish a draft (see core.rulesets.publish). Raises PermitRuleSetError (a PermitError)."""
    return rulesets.publish(PERMITS, rule_set=rule_set, published_by=published_by)

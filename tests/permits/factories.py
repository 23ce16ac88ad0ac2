"""factory_boy factories of the permits app: an application's data and a permit row in any
state (for tests of what each state allows). Applications that must pass the checks go through
`permits.services.permit_apply` with `WorkerAndJobFactory.build()`."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from permits.models import Permit
from permits.services import WorkerAndJob
from tests.factories import EstablishmentFactory

_PASSPORTS = factory.Sequence(lambda n: f"N{1_000_000 + n}")
_more_passports = itertools.count(5_000_000)


def next_passport() -> str:
    """A passport number no factory has given (for form data written by hand)."""
    return f"N{next(_more_passports)}"


def _today() -> datetime.date:
    return timezone.localdate()


def _rule_set_in_force() -> object:
    from permits.selectors import permit_rule_set_in_force

    return permit_rule_set_in_force(on=_today())


class _WorkerFields(factory.Factory[Any]):
    """The worker and the job, as an application and a permit both hold them."""

    class Meta:
        abstract = True

    worker_name_ar = "راجيش كومار"
    worker_name_en = "Rajesh Kumar"
    nationality = "IND"
    passport_number = _PASSPORTS
    passport_expiry = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=5 * 365))
    date_of_birth = datetime.date(1990, 5, 17)
    occupation_code = "7411"
    job_level = 4
    monthly_salary = Decimal("250.000")
    worker_mobile = "+96892000001"


class WorkerAndJobFactory(_WorkerFields):
    """A valid application for a foreign worker: `build(**overrides)` changes any field."""

    class Meta:
        model = WorkerAndJob

    requested_start = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=14))
    worker_language = "en"


class PermitFactory(_WorkerFields, factory.django.DjangoModelFactory[Permit]):
    """A permit row put straight into `status` (ACTIVE unless given); a held or ended permit
    gets its dates of validity around today."""

    class Meta:
        model = Permit

    class Params:
        held = factory.LazyAttribute(lambda o: o.status in Permit.HELD | Permit.TERMINAL)

    number = factory.Sequence(lambda n: f"WP{_today():%Y}{900_000_000 + n:09d}")
    establishment = factory.SubFactory(EstablishmentFactory)
    status = Permit.Status.ACTIVE
    passport_number = factory.Sequence(lambda n: f"N{3_000_000 + n}")  # never an application's
    requested_start = factory.LazyFunction(_today)
    valid_from = factory.LazyAttribute(
        lambda o: _today() - datetime.timedelta(days=300) if o.held else None
    )
    valid_until = factory.LazyAttribute(
        lambda o: _today() + datetime.timedelta(days=400) if o.held else None
    )
    rule_set = factory.LazyFunction(_rule_set_in_force)
    fee_band = "third"
    base_fee = Decimal("201.000")
    fee_multiplier = Decimal("1.000")
    fee_amount = Decimal("201.000")
    checks = factory.LazyFunction(list)
    checks_passed = True

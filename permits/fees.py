"""Permit fees: the band of a rule set that applies to an occupation and salary, times the
Omanization multiplier of the establishment's status (MD 12/2021, MD 602/2025)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from permits.models import FeeBand, PermitRuleSet

BAISA = Decimal("0.001")
TRANSFER_BAND = "transfer"


@dataclass(frozen=True)
class Fee:
    band: str
    base: Decimal
    multiplier: Decimal
    amount: Decimal


def band_for(
    *, bands: list[FeeBand], occupation_code: str, monthly_salary: Decimal
) -> FeeBand | None:
    """The dearest band the occupation's major group or the salary falls in; bands with no
    group and no salary floor match everything (the default band)."""
    major = occupation_code[:1]
    matching = [
        band
        for band in bands
        if (not band.isco_major_groups and band.min_salary is None)
        or major in band.isco_major_groups
        or (band.min_salary is not None and monthly_salary >= band.min_salary)
    ]
    return max(matching, key=lambda band: (band.amount, band.code), default=None)


def permit_fee(
    *,
    rule_set: PermitRuleSet,
    occupation_code: str,
    monthly_salary: Decimal,
    multiplier: Decimal | None,
    transfer: bool = False,
) -> Fee:
    """The fee of a permit under `rule_set`. `multiplier` is the Omanization fee multiplier of
    the establishment's live status (None when no Omanization rules are in force: 1). A transfer
    pays the rule set's flat transfer fee, without multiplier."""
    if transfer:
        base = rule_set.transfer_fee
        return Fee(band=TRANSFER_BAND, base=base, multiplier=Decimal("1.000"), amount=base)
    factor = multiplier if multiplier is not None else Decimal("1.000")
    band = band_for(
        bands=list(rule_set.fee_bands.all()),
        occupation_code=occupation_code,
        monthly_salary=monthly_salary,
    )
    base = band.amount if band is not None else Decimal("0.000")
    amount = (base * factor).quantize(BAISA, rounding=ROUND_HALF_UP)
    return Fee(
        band=band.code if band is not None else "",
        base=base,
        multiplier=factor.quantize(BAISA),
        amount=amount,
    )

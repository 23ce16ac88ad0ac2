"""Every payments record that holds an amount in baisas writes it in rials the same way."""

from __future__ import annotations

import pytest

from payments.models import (
    CounterRemittance,
    FinanceCase,
    Invoice,
    InvoiceLine,
    Payment,
    Refund,
)


@pytest.mark.parametrize(
    "model", [Invoice, InvoiceLine, Payment, Refund, FinanceCase, CounterRemittance]
)
@pytest.mark.parametrize(
    ("baisas", "written"), [(12_345, "12.345"), (5, "0.005"), (1_000_000, "1,000.000")]
)
def test_an_amount_in_baisas_is_written_in_rials_with_three_decimals(model, baisas, written):
    assert model(amount_baisas=baisas).amount_rials == written

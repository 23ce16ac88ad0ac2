"""Per-record validation: the generated fast path accepts exactly what the field checks accept,
and returns the same COPY line."""

from __future__ import annotations

import json

import pytest

from integrations.entities import SPECS
from integrations.models import RejectedRecord
from integrations.stubs.world import MALFORMATIONS, World, malformed_line
from integrations.validation import RecordValidator, Rejection, _copy_line

WORLD = World(seed=5, scale=300)


def _samples(entity: str) -> list[object]:
    generate = WORLD.generator(entity)
    records: list[object] = []
    for index in range(20):
        record = {**generate(index, index % 3), "version": index % 3, "seq": index + 1}
        records.append(record)
        line = malformed_line(entity, record, index % len(MALFORMATIONS))
        try:
            records.append(json.loads(line))
        except ValueError:
            records.append(line.decode("utf-8", errors="replace"))
    return records


@pytest.mark.parametrize("entity", sorted(SPECS))
def test_the_fast_path_agrees_with_the_field_checks(entity):
    validator = RecordValidator(SPECS[entity])

    for record in _samples(entity):
        closely = validator.validate_closely(record)
        fast = validator.fast(record)
        if isinstance(closely, Rejection):
            assert fast is None, record
        elif fast is not None:
            assert fast == _copy_line(closely), record


SI = RecordValidator(SPECS["social_insurance"])
GOOD = {
    "civil_id": "60000001",
    "cr_number": "5000001",
    "month": "2026-10",
    "salary": "450.000",
    "insured_name": "Salim",
    "version": 0,
}


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"civil_id": "٦٠٠٠٠٠٠١"}, RejectedRecord.Reason.INVALID),  # Arabic-Indic digits
        ({"civil_id": 60000001}, RejectedRecord.Reason.WRONG_TYPE),
        ({"month": "2026-00"}, RejectedRecord.Reason.INVALID),
        ({"salary": "-5"}, RejectedRecord.Reason.INVALID),
        ({"salary": "1e9"}, RejectedRecord.Reason.INVALID),
        ({"salary": "999999.000"}, RejectedRecord.Reason.OUT_OF_RANGE),
        ({"insured_name": "Salim\u2028<b>"}, RejectedRecord.Reason.MARKUP),
        ({"insured_name": "   "}, RejectedRecord.Reason.MISSING),
        ({"insured_name": None}, RejectedRecord.Reason.MISSING),
        ({"version": -1}, RejectedRecord.Reason.INVALID),
        ({"version": True}, RejectedRecord.Reason.INVALID),
    ],
)
def test_bad_fields_are_refused_with_their_reason(change, reason):
    result = SI.validate({**GOOD, **change})

    assert isinstance(result, Rejection)
    assert result.reason == reason


def test_a_number_for_an_amount_and_a_backslash_in_a_name_are_accepted_and_escaped():
    line = SI.validate({**GOOD, "salary": 450, "insured_name": "Salim\\Said"})

    assert line == "60000001\t5000001\t2026-10-01\t450.000\tSalim\\\\Said\t0\n"
    assert SI.validate({**GOOD, "insured_name": "Salim\\Said"}) == line

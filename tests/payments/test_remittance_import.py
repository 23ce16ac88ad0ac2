"""The bank's daily remittance file of Sanad centres, imported instead of typed: wrong rows are
reported with their reasons and record nothing, the right ones are recorded, a second import of
the same file records nothing twice, and each day's differences become finance cases once."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from payments.models import CounterRemittance, FinanceCase
from payments.services.remittance_import import RemittanceFileError, counter_remittances_import
from sanad.services import fee_record
from tests.factories import UserFactory
from tests.sanad.helpers import active_consent, clerk, person

pytestmark = pytest.mark.django_db

HEADER = "value_date,centre_licence,amount_baisas,currency,bank_reference\n"


def _counter_fee(clerk_user: User, amount: str) -> None:
    consent = active_consent(clerk_user, person())
    fee_record(consent=consent, clerk=clerk_user, amount=Decimal(amount), description="Copy")


def _centre(clerk_user: User):
    return clerk_user.sanad_memberships.get().centre


@pytest.fixture
def finance() -> User:
    return UserFactory.create(role=User.Role.OFFICER)


def test_a_file_is_recorded_and_its_difference_becomes_one_case_even_when_imported_twice(finance):
    # given two centres' counter payments today: one remits all, the other RO 1.500 short
    today = timezone.localdate()
    honest, short = clerk(), clerk()
    _counter_fee(honest, "5.000")
    _counter_fee(short, "3.500")
    text = (
        HEADER
        + f"{today},{_centre(honest).licence_number},5000,OMR,FT1\n"
        + f"{today},{_centre(short).licence_number},2000,OMR,FT2\n"
    )

    # when the bank's file is imported, then imported again
    first = counter_remittances_import(content=text.encode(), entered_by=finance)
    second = counter_remittances_import(content=text.encode(), entered_by=finance)

    # then both remittances are recorded once, and the short centre has one case
    assert (first.recorded, first.already_recorded, first.errors) == (2, 0, [])
    assert (second.recorded, second.already_recorded, second.errors) == (0, 2, [])
    assert first.cases_opened == 1
    assert second.cases_opened == 0
    assert CounterRemittance.objects.count() == 2
    assert CounterRemittance.objects.get(centre=_centre(short)).bank_reference == "FT2"
    case = FinanceCase.objects.get()
    assert case.kind == FinanceCase.Kind.COUNTER_NOT_REMITTED
    assert case.amount_baisas == 1_500


def test_each_wrong_row_is_reported_with_its_reason_and_records_nothing(finance):
    # given a file with one good row and one wrong row of each kind
    day = timezone.localdate() - datetime.timedelta(days=1)
    good, twice = clerk(), clerk()
    licence, doubled = _centre(good).licence_number, _centre(twice).licence_number
    text = (
        HEADER
        + f"{day},{licence},4000,OMR,FT1\n"  # row 2: right
        + f"{day},{licence.lower()}X,1000,OMR,FT2\n"  # row 3: unknown centre
        + f"{day},{licence},-500,OMR,FT3\n"  # row 4: negative
        + f"{day},{licence},12.5,OMR,FT4\n"  # row 5: not a whole number of baisas
        + f"{day},{licence},1000,USD,FT5\n"  # row 6: another currency
        + f"30/11/2026,{licence},1000,OMR,FT6\n"  # row 7: not a date
        + f"{day},{doubled},1000,OMR,FT7\n"  # rows 8 and 9: one centre-day twice
        + f"{day},{doubled},1000,OMR,FT8\n"
        + f"{day},{licence},1000\n"  # row 10: cells missing
    )

    # when it is imported (in English, to read the reasons)
    with translation.override("en"):
        result = counter_remittances_import(content=text.encode(), entered_by=finance)

    # then only the right row is recorded, and each wrong one says why
    assert result.recorded == 1
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "centre_licence"),
        (4, "amount_baisas"),
        (5, "amount_baisas"),
        (6, "currency"),
        (7, "value_date"),
        (8, "centre_licence"),
        (9, "centre_licence"),
        (10, "—"),
    ]
    reasons = " ".join(e.reason for e in result.errors)
    assert "No Sanad centre has the licence number" in reasons
    assert "a remittance is an amount above zero" in reasons
    assert "is not a whole number of baisas" in reasons
    assert "only Omani rials (OMR)" in reasons
    assert "is not a date" in reasons
    assert "has 2 rows for" in reasons
    assert "The row has 3 cells where the header has 5." in reasons
    assert list(CounterRemittance.objects.values_list("centre", "amount_baisas")) == [
        (_centre(good).pk, 4000)
    ]


def test_a_day_already_recorded_with_another_amount_is_a_wrong_row(finance):
    today = timezone.localdate()
    centre = _centre(clerk())
    text = HEADER + f"{today},{centre.licence_number},1000,OMR,FT1\n"
    counter_remittances_import(content=text.encode(), entered_by=finance)

    with translation.override("en"):
        again = counter_remittances_import(
            content=text.replace(",1000,", ",1500,").encode(), entered_by=finance
        )

    assert again.recorded == 0
    [error] = again.errors
    assert "already recorded as 1000 baisas, not 1500" in error.reason
    assert CounterRemittance.objects.get().amount_baisas == 1000


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"day,centre,amount\n2026-11-30,X,1\n", "Missing columns"),
        ("value_date;centre_licence\n".encode("utf-16"), "not a CSV file in UTF-8"),
        (b"", "The first row must be the header"),
    ],
    ids=["wrong-columns", "not-utf8", "empty"],
)
def test_a_file_that_cannot_be_read_records_nothing(finance, content, message):
    with translation.override("en"), pytest.raises(RemittanceFileError) as refused:
        counter_remittances_import(content=content, entered_by=finance)

    assert message in refused.value.message
    assert not CounterRemittance.objects.exists()


def test_finance_staff_import_the_file_on_the_page(staff_client):
    # given a centre's counter payment today, and the bank's file that remits it
    today = timezone.localdate()
    worker = clerk()
    _counter_fee(worker, "2.000")
    licence = _centre(worker).licence_number
    client = staff_client(User.Role.OFFICER)
    with translation.override("en"):
        url = reverse("payments:staff-counter-remittance-import")
        settlement = reverse("payments:staff-counter-settlement")
    assert url.encode() in client.get(settlement).content

    # when the file is uploaded, with one wrong row
    upload = SimpleUploadedFile(
        "remittances.csv",
        (HEADER + f"{today},{licence},2000,OMR,FT1\n{today},NOPE,10,OMR,FT2\n").encode(),
        content_type="text/csv",
    )
    page = client.post(url, {"file": upload}).content.decode()

    # then the page shows what was recorded and the wrong row with its reason
    assert 'id="recorded">1<' in page
    assert 'id="wrong-rows">1<' in page
    assert "No Sanad centre has the licence number NOPE." in page
    assert CounterRemittance.objects.get().amount_baisas == 2000


def test_a_file_with_wrong_columns_is_refused_on_the_page(staff_client):
    client = staff_client(User.Role.OFFICER)
    with translation.override("en"):
        url = reverse("payments:staff-counter-remittance-import")
    upload = SimpleUploadedFile("x.csv", b"a,b\n1,2\n", content_type="text/csv")

    page = client.post(url, {"file": upload}).content.decode()

    assert "nothing was imported" in page
    assert not CounterRemittance.objects.exists()

"""factory_boy factories shared by the suite."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import factory

from accounts.models import User
from employers.models import (
    ClaimDispute,
    EconomicActivity,
    Employee,
    Establishment,
    Membership,
    Service,
    WorkforceImport,
)
from permits.models import BulkRenewal

TEST_PASSWORD = "Correct-Horse-Battery-9"
LATIN_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def letters(n: int, alphabet: str) -> str:
    """`n` written with the letters of `alphabet` (names hold no digits: they must pass the
    register's script rules and survive an export and import)."""
    word = ""
    while True:
        n, digit = divmod(n, len(alphabet))
        word = alphabet[digit] + word
        if n == 0:
            return word
        n -= 1


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = User.Role.JOBSEEKER
    full_name_en = factory.Sequence(lambda n: f"Person {n}")
    full_name_ar = factory.Sequence(lambda n: f"شخص {n}")
    password = factory.django.Password(TEST_PASSWORD)


class EconomicActivityFactory(factory.django.DjangoModelFactory[EconomicActivity]):
    class Meta:
        model = EconomicActivity
        django_get_or_create = ("code",)

    code = "4711"
    name_en = "Retail sale in non-specialized stores"
    name_ar = "البيع بالتجزئة في المتاجر غير المتخصصة"


class EstablishmentFactory(factory.django.DjangoModelFactory[Establishment]):
    class Meta:
        model = Establishment

    cr_number = factory.Sequence(lambda n: f"{2_000_000 + n}")
    name_en = factory.Sequence(lambda n: f"Canary Trading {n} LLC")
    name_ar = factory.Sequence(lambda n: f"كناري للتجارة {n}")
    activity = factory.SubFactory(EconomicActivityFactory)
    governorate = "muscat"
    registered_on = datetime.date(2020, 1, 1)


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory, role=User.Role.EMPLOYER)
    establishment = factory.SubFactory(EstablishmentFactory)
    # a representative for every service unless a test says which
    services = factory.LazyFunction(lambda: list(Service.values))


class ClaimDisputeFactory(factory.django.DjangoModelFactory[ClaimDispute]):
    """An open dispute by someone the registry does not list (staff decide it)."""

    class Meta:
        model = ClaimDispute

    establishment = factory.SubFactory(EstablishmentFactory)
    raised_by = factory.SubFactory(
        UserFactory, civil_id=factory.Sequence(lambda n: f"{83_000_000 + n}")
    )
    civil_id = factory.SelfAttribute("raised_by.civil_id")
    kind = ClaimDispute.Kind.NOT_LISTED
    statement = "The registry still lists the previous owner of this business."


class EmployeeFactory(factory.django.DjangoModelFactory[Employee]):
    class Meta:
        model = Employee

    establishment = factory.SubFactory(EstablishmentFactory)
    passport_number = factory.Sequence(lambda n: f"K{7_000_000 + n}")
    name_en = factory.Sequence(lambda n: f"Worker {letters(n, LATIN_LETTERS)}")
    name_ar = factory.Sequence(lambda n: f"عامل {letters(n, ARABIC_LETTERS)}")
    nationality = "IND"
    occupation_code = "7112"
    job_level = Employee.JobLevel.OPERATIONAL
    monthly_salary = Decimal("250.000")
    contract_start = datetime.date(2024, 1, 1)


class OmaniEmployeeFactory(EmployeeFactory):
    """An Omani on the register: a civil ID, no passport, a clerical occupation."""

    civil_id = factory.Sequence(lambda n: str(21_000_000 + n))  # the stub registry knows them
    passport_number: Any = None
    nationality = Employee.OMANI
    occupation_code = "4110"
    contract_start = datetime.date(2023, 1, 1)


class ForeignEmployeeFactory(EmployeeFactory):
    """A foreign worker on the register, known by nationality and passport."""

    passport_number = factory.Sequence(lambda n: f"P{10_000_000 + n}")
    monthly_salary = Decimal("200")
    contract_start = datetime.date(2023, 1, 1)


class WorkforceImportFactory(factory.django.DjangoModelFactory[WorkforceImport]):
    """A finished import (no stored file): for pages that only show an import."""

    class Meta:
        model = WorkforceImport

    establishment = factory.SubFactory(EstablishmentFactory)
    uploaded_by = factory.SubFactory(UserFactory, role=User.Role.EMPLOYER)
    original_filename = "workforce.csv"
    stored_path = factory.Sequence(lambda n: f"workforce-imports/missing-{n}.csv")
    file_format = WorkforceImport.FileFormat.CSV
    status = WorkforceImport.Status.SUCCEEDED
    total = 1
    processed = 1
    rejected_count = 1
    rejected_rows = factory.LazyFunction(
        lambda: [{"row": 2, "column": "civil_id", "value": "12", "reason": "Bad civil ID."}]
    )


class BulkRenewalFactory(factory.django.DjangoModelFactory[BulkRenewal]):
    """A queued bulk renewal of no permits: for the background-run lifecycle."""

    class Meta:
        model = BulkRenewal

    establishment = factory.SubFactory(EstablishmentFactory)
    requested_by = factory.SubFactory(UserFactory, role=User.Role.EMPLOYER)

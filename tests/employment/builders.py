"""Builders for the employment lifecycle tests: workers on the register (with a held permit for
foreign workers), filed cases, and the notice SMS's sending and receipt."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from accounts.models import User
from employers.models import Employee, Establishment
from employment.models import AbscondingReport, Termination
from employment.services.absconding import absconding_report_file
from employment.services.terminations import termination_file
from notifications.models import SmsMessage
from permits.models import Permit
from tests.factories import EmployeeFactory, UserFactory
from tests.permits.builders import next_passport, permit_in, representative

__all__ = ["representative"]

_civil = iter(range(20_000_000, 29_999_999))


def foreign_worker(
    establishment: Establishment, *, permit_status: str = Permit.Status.ACTIVE, **permit: Any
) -> tuple[Employee, Permit]:
    """A foreign employee on the register and the permit the worker holds with the employer."""
    passport = next_passport()
    employee = EmployeeFactory.create(
        establishment=establishment,
        passport_number=passport,
        nationality="IND",
        contract_start=datetime.date(2024, 1, 1),
    )
    held = permit_in(
        permit_status,
        establishment,
        nationality="IND",
        passport_number=passport,
        employee=employee,
        **permit,
    )
    return employee, held


def omani_employee(establishment: Establishment, **overrides: Any) -> Employee:
    values: dict[str, Any] = {
        "establishment": establishment,
        "civil_id": str(next(_civil)),
        "passport_number": None,
        "nationality": Employee.OMANI,
        "occupation_code": "4110",
        "contract_start": datetime.date(2023, 1, 1),
    }
    values.update(overrides)
    return EmployeeFactory.create(**values)


def omani_account(employee: Employee) -> User:
    """The Omani worker's portal account (where the SMS goes: the register has no mobile)."""
    return UserFactory.create(
        role=User.Role.JOBSEEKER, civil_id=employee.civil_id, mobile="+96893000001"
    )


def officer(role: str = User.Role.OFFICER) -> User:
    return UserFactory.create(role=role)


def terminate(employee: Employee, by: User, **overrides: Any) -> Termination:
    values: dict[str, Any] = {
        "reason_code": "misconduct",
        "details": "Repeated safety breaches on site.",
        "notice_days": 30,
        "notice_given_on": timezone.localdate(),
    }
    values.update(overrides)
    return termination_file(employee=employee, filed_by=by, **values)


def report_absconding(employee: Employee, by: User, **overrides: Any) -> AbscondingReport:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "last_seen_on": today - datetime.timedelta(days=7),
        "salary_paid_until": today - datetime.timedelta(days=7),
        "salary_evidence": "WPS-2026-000123",
    }
    values.update(overrides)
    return absconding_report_file(employee=employee, filed_by=by, **values)


def sms_sent(message: SmsMessage | None, at: datetime.datetime) -> None:
    assert message is not None
    SmsMessage.objects.filter(pk=message.pk).update(status=SmsMessage.Status.SENT, sent_at=at)


def sms_delivered(message: SmsMessage | None, at: datetime.datetime) -> None:
    assert message is not None
    SmsMessage.objects.filter(pk=message.pk).update(
        status=SmsMessage.Status.DELIVERED, delivered_at=at
    )


def muscat(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    from employment.deadlines import MUSCAT

    return datetime.datetime(year, month, day, hour, minute, tzinfo=MUSCAT)


def contract_data(**overrides: Any) -> dict[str, Any]:
    """What an employer enters to register a contract for a foreign worker (valid as given)."""
    values: dict[str, Any] = {
        "worker_name_ar": "راجيش كومار",
        "worker_name_en": "Rajesh Kumar",
        "nationality": "IND",
        "civil_id": "",
        "passport_number": next_passport(),
        "worker_mobile": "9123 4567",
        "worker_language": "en",
        "occupation_code": "7112",
        "job_level": "4",
        "monthly_salary": "400.000",
        "starts_on": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
        "ends_on": (timezone.localdate() + datetime.timedelta(days=737)).isoformat(),
        "probation_days": "90",
        "notice_days": "30",
        "terms_ar": "السكن والنقل على صاحب العمل.",
        "terms_en": "Housing and transport are provided by the employer.",
    }
    values.update(overrides)
    return values


def offer_code(contract_pk: int) -> str:
    """The acceptance code as sent to the worker (the ledger's shown text masks it)."""
    import re

    message = SmsMessage.objects.get(idempotency_key=f"contract:{contract_pk}:offer")
    match = re.search(r"(\d{6})\D*$", message.body_to_send)
    assert match is not None, message.body_to_send
    return match[1]


def set_contract_approval(required: bool) -> None:
    """Whether the rule set in force needs ministry approval of contracts."""
    from employment.deadlines import lifecycle_rule_set_in_force

    rule_set = lifecycle_rule_set_in_force()
    assert rule_set is not None
    rule_set.contract_approval_required = required
    rule_set.save(update_fields=["contract_approval_required"])

"""Builders for the employment lifecycle tests: workers on the register (with a held permit for
foreign workers), their portal accounts (proven or merely claiming the number), filed cases,
the notice SMS's sending and receipt, the stub civil registry's answers and outages, and a
fresh proof in a browser session."""

from __future__ import annotations

import datetime
import time
from typing import Any

from django.test import Client
from django.utils import timezone

from accounts.models import ProofMethod, User
from employers.models import Employee, Establishment
from employment.models import AbscondingReport, Termination
from employment.services.absconding import absconding_report_file
from employment.services.terminations import termination_file
from integrations.stubs.people import person_for
from integrations.stubs.server import StubEntities
from notifications.models import SmsMessage
from permits.models import Permit
from tests.factories import EmployeeFactory, UserFactory
from tests.permits.builders import representative
from tests.permits.factories import PermitFactory, next_passport

__all__ = ["representative"]

_resident = iter(range(73_000_000, 73_999_999))  # registry mobiles +96893xxxxxx
_other_mobile = iter(range(79_000_000, 79_999_999))  # held by nobody in the registry


def next_resident_number() -> str:
    """A resident card number the stub registry knows (a foreign resident, with a mobile)."""
    return str(next(_resident))


def registry_mobile(civil_id: str) -> str:
    """The mobile the stub civil registry holds for `civil_id` (integrations.stubs.people)."""
    person = person_for(civil_id)
    assert person is not None, civil_id
    return person.mobile


def another_mobile() -> str:
    """A mobile nobody's registry record holds (an employer's phone, a second SIM)."""
    return f"+968{next(_other_mobile)}"


def registry_down(stub: StubEntities) -> None:
    """The civil registry answers 503 to everything until `registry_up`."""
    stub.control({"entity": "civil_registry", "faults": [{"kind": "503", "count": 100_000}]})


def registry_up(stub: StubEntities) -> None:
    stub.reset()


def registry_holds_no_mobile(stub: StubEntities, civil_id: str) -> None:
    stub.inject_people({"put": [{"civil_id": civil_id, "fields": {"mobile": ""}}]})


def prove_in_session(client: Client, civil_id: str, method: str = ProofMethod.IDP) -> None:
    """A fresh proof of `civil_id` in the client's session, as accounts.proofs.proof_record
    writes it after a national identity sign-in."""
    session = client.session
    session["_portal_proof"] = {"at": time.time(), "method": str(method), "civil_id": civil_id}
    session.save()


def proof_of(case: Termination | AbscondingReport, method: str = ProofMethod.REGISTRY_SMS) -> Any:
    """A fresh proof of the case's worker's number (as the objection page makes it)."""
    from employment.proofs import WorkerProof

    case.employee.refresh_from_db()
    assert case.employee.civil_id
    return WorkerProof(method=str(method), civil_id=case.employee.civil_id)


def step_up_code_sent() -> str:
    """The last confirmation code sent by SMS, as it went to the provider (the ledger's shown
    text masks it)."""
    import re

    message = (
        SmsMessage.objects.filter(template__code="step_up_code").order_by("-created_at", "-id")
    ).first()
    assert message is not None, "no confirmation code was sent"
    match = re.search(r"\b(\d{6})\b", message.body_to_send)
    assert match is not None, message.body_to_send
    return match[1]


def foreign_worker(
    establishment: Establishment,
    *,
    permit_status: str = Permit.Status.ACTIVE,
    resident_number: bool = True,
    **permit: Any,
) -> tuple[Employee, Permit]:
    """A foreign employee on the register (with their resident card number, unless told not
    to) and the permit the worker holds with the employer."""
    passport = next_passport()
    employee = EmployeeFactory.create(
        establishment=establishment,
        passport_number=passport,
        civil_id=next_resident_number() if resident_number else None,
        nationality="IND",
        contract_start=datetime.date(2024, 1, 1),
    )
    held = PermitFactory.create(
        status=permit_status,
        establishment=establishment,
        nationality="IND",
        passport_number=passport,
        employee=employee,
        **permit,
    )
    return employee, held


def worker_account(employee: Employee, *, mobile: str | None = None) -> User:
    """The worker's own portal account, its civil ID proven (national identity) and its mobile
    verified; by default the mobile is the registry's, so a notice is one message."""
    assert employee.civil_id
    now = timezone.now()
    return UserFactory.create(
        role=User.Role.JOBSEEKER,
        civil_id=employee.civil_id,
        mobile=mobile or registry_mobile(employee.civil_id),
        mobile_verified_at=now,
        identity_proven_at=now,
        identity_proof_method=ProofMethod.IDP,
    )


omani_account = worker_account  # the name other apps' tests know


def unproven_account(employee: Employee, *, mobile: str | None = None) -> User:
    """An account that typed the worker's civil ID and verified its own SIM, without proof:
    the borrowed identity."""
    return UserFactory.create(
        role=User.Role.JOBSEEKER,
        civil_id=employee.civil_id,
        mobile=mobile or another_mobile(),
        mobile_verified_at=timezone.now(),
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


def notice_messages(case: Termination | AbscondingReport) -> list[SmsMessage]:
    """The messages of a case's notice (one per verified number), oldest first."""
    case.refresh_from_db()
    if case.notice is None:
        return []
    return list(case.notice.messages.order_by("created_at", "id"))


def _messages(of: Termination | AbscondingReport | SmsMessage) -> list[SmsMessage]:
    if isinstance(of, SmsMessage):
        return [of]
    messages = notice_messages(of)
    assert messages, "the worker was not sent the notice"
    return messages


def sms_sent(of: Termination | AbscondingReport | SmsMessage, at: datetime.datetime) -> None:
    """The message (every message of a case's notice) left at `at`."""
    pks = [m.pk for m in _messages(of)]
    SmsMessage.objects.filter(pk__in=pks).update(status=SmsMessage.Status.SENT, sent_at=at)


def sms_delivered(of: Termination | AbscondingReport | SmsMessage, at: datetime.datetime) -> None:
    """The message (every message of a case's notice) was delivered at `at`."""
    pks = [m.pk for m in _messages(of)]
    SmsMessage.objects.filter(pk__in=pks).update(
        status=SmsMessage.Status.DELIVERED, delivered_at=at
    )


def muscat(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    from employment.deadlines import MUSCAT

    return datetime.datetime(year, month, day, hour, minute, tzinfo=MUSCAT)


def contract_data(**overrides: Any) -> dict[str, Any]:
    """What an employer enters to register a contract for a foreign worker (valid as given):
    the worker's resident card number, and a mobile the employer typed (not the registry's)."""
    values: dict[str, Any] = {
        "worker_name_ar": "راجيش كومار",
        "worker_name_en": "Rajesh Kumar",
        "nationality": "IND",
        "civil_id": next_resident_number(),
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

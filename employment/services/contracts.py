"""Writes of employment contracts: the employer registers one, the worker accepts it with the
code sent by SMS (or declines it), the ministry approves or refuses it where the rules in force
at registration require approval, and the workforce register follows a contract in force.

The code goes only to the worker's consent number (accounts.contact.consent_number_for the
contract's civil or resident number: the civil registry's mobile, else the worker's own proven
account's). The mobile the employer types is kept for information and never sent a code. With
no such number the offer says so (`offer_state` NO_NUMBER); while the registry is down the code
is PENDING and `contract_offers_retry` sends it once it answers. Accepting and declining both
need proof: the code, or a fresh national identity proof of the contract's number in the
browser session (employment.proofs.WorkerProof); `answer_proof_method` records which.

Every status change goes through `_contract_transition` (establishment lock, then the contract
row, check of `Contract.TRANSITIONS` on the locked row, audit event): the lock order of ADR 0012.
SMS rows are written into the ledger in the same transaction; the relay sends them after commit.

The acceptance code is 6 digits, made when it is sent; only its HMAC (keyed by SECRET_KEY and
bound to the contract's token) is stored, and it is compared in constant time. After
`MAX_CODE_ATTEMPTS` wrong codes the offer takes no more codes: the worker can still answer with
a national identity proof, or the employer registers the contract again. An offer not answered
by `accept_by` is EXPIRED when the worker next opens it (and by anyone reading
`contract_expire_if_due`).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import logging
import secrets
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NoReturn

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.contact import consent_number_for
from accounts.models import ProofMethod
from accounts.registry import RegistryUnavailableError
from core.exceptions import ApplicationError, PermissionDeniedError
from core.services import audit_record, model_snapshot
from core.transitions import transition_locked
from employers.access import employer_act
from employers.locks import establishment_lock
from employers.models import Employee, Establishment, Service
from employers.services import EmployeeIdentityError, employee_create, employee_update
from employers.validators import (
    EmployeeData,
    parse_civil_id,
    parse_date,
    parse_job_level,
    parse_monthly_salary,
    parse_name_ar,
    parse_name_en,
    parse_nationality,
    parse_passport_number,
)
from employment.deadlines import lifecycle_rule_set_in_force
from employment.models import Contract, LifecycleRuleSet
from employment.proofs import WorkerProof, method_for_source
from employment.services.cases import worker_link
from employment.services.notices import RETRY_BASE_SECONDS, RETRY_MAX_SECONDS, worker_notify
from notifications.phone import InvalidPhoneNumberError, normalise_mobile
from notifications.services import sms_enqueue
from taxonomy.selectors import unit_group_exists

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

MAX_CODE_ATTEMPTS = 5
MAX_PROBATION_DAYS = 180
TEXT_MAX_LENGTH = 4000
DECIDERS = frozenset({"officer", "approver"})
SNAPSHOT_FIELDS = (
    "status",
    "employee",
    "accepted_at",
    "accepted_via",
    "answer_proof_method",
    "decided_by",
    "decided_at",
    "decision_reason",
)
REGISTER_FIELDS = (
    "worker_name_ar",
    "worker_name_en",
    "nationality",
    "civil_id",
    "passport_number",
    "worker_language",
    "occupation_code",
    "job_level",
    "monthly_salary",
    "starts_on",
    "ends_on",
    "probation_days",
    "notice_days",
    "accept_by",
)


class ContractError(ApplicationError):
    """The contract cannot be registered, answered or decided as asked."""


class ContractInvalidError(ContractError):
    """What was entered is refused. `errors` maps a field name ("" for the whole form) to a
    translated message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(next(iter(errors.values())), extra={"errors": errors})
        self.errors = errors


class ContractTransitionError(ContractError):
    """The contract's status does not allow this step (nothing was changed)."""


class ContractCodeError(ContractError):
    """The worker's code is wrong, or the offer is locked after too many wrong codes."""


# --- helpers --------------------------------------------------------------------------------


def _code_hash(token: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"contract:{token}:{code}".encode(), hashlib.sha256).hexdigest()


def _new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def _label(contract: Contract) -> str:
    return _("Contract no. %(id)s") % {"id": contract.pk}


def _contract_transition(
    *,
    contract: Contract,
    to: str,
    actor: User | None,
    note: str = "",
    changes: Mapping[str, object] | None = None,
    actor_label: str = "",
) -> Contract:
    """Move `contract` to `to` as one audited step: establishment lock, row lock, TRANSITIONS
    checked on the locked row. Raises ContractTransitionError (nothing written)."""
    with transaction.atomic():
        establishment_lock(establishment_id=contract.establishment_id)
        locked, _event = transition_locked(
            obj=contract,
            to=to,
            actor=actor,
            action=f"employment.contract_{to}",
            refuse=lambda row: ContractTransitionError(
                _("%(contract)s is %(status)s: it cannot become %(target)s.")
                % {
                    "contract": _label(row),
                    "status": row.get_status_display(),
                    "target": Contract.Status(to).label,
                }
            ),
            snapshot_fields=SNAPSHOT_FIELDS,
            changes=changes,
            note=note,
            actor_label=actor_label,
        )
    return locked


def _offer_context(contract: Contract, code: str) -> dict[str, Any]:
    left = contract.accept_by - timezone.now()
    with translation.override(contract.worker_language):
        return {
            "employer": contract.establishment.name,
            "days": max(left.days + (1 if left.seconds else 0), 1),
            "link": worker_link("worker-contract", contract.acceptance_token),
            "code": code,
        }


def _offer_send(contract: Contract) -> None:
    """Send the offer's code (made now) to the worker's consent number, in the caller's
    transaction with the contract locked: SENT, NO_NUMBER (no civil or resident number, or no
    verified number for it), or still PENDING with the next try set when the registry is down.
    Audited; never raises for the registry."""
    now = timezone.now()
    number = None
    if contract.civil_id:
        try:
            number = consent_number_for(civil_id=contract.civil_id)
        except RegistryUnavailableError:
            contract.offer_attempts += 1
            wait = min(RETRY_BASE_SECONDS * 2 ** (contract.offer_attempts - 1), RETRY_MAX_SECONDS)
            contract.offer_state = Contract.OfferState.PENDING
            contract.offer_next_attempt_at = now + datetime.timedelta(seconds=wait)
            contract.save(
                update_fields=[
                    "offer_state",
                    "offer_attempts",
                    "offer_next_attempt_at",
                    "updated_at",
                ]
            )
            logger.warning("contract %s: the civil registry is down, code pending", contract.pk)
            return
    message = None
    if number is not None:
        code = _new_code()
        contract.acceptance_code_hash = _code_hash(contract.acceptance_token, code)
        try:
            message = sms_enqueue(
                template_code="contract_offer",
                context=_offer_context(contract, code),
                idempotency_key=f"contract:{contract.pk}:offer",
                recipient=number.account,
                to_number=number.number,
                language=contract.worker_language,
            )
        except InvalidPhoneNumberError:
            logger.warning("contract %s: the verified number cannot take SMS", contract.pk)
    if message is None:
        contract.acceptance_code_hash = ""
        contract.offer_state = Contract.OfferState.NO_NUMBER
    else:
        assert number is not None
        contract.offer_state = Contract.OfferState.SENT
        contract.offer_proof_method = method_for_source(number.source)
        contract.offer_sent_at = now
    contract.offer_next_attempt_at = None
    contract.save(
        update_fields=[
            "acceptance_code_hash",
            "offer_state",
            "offer_proof_method",
            "offer_sent_at",
            "offer_next_attempt_at",
            "updated_at",
        ]
    )
    audit_record(
        actor=None,
        actor_label="portal",
        action=f"employment.contract_offer_{contract.offer_state}",
        obj=contract,
        after={
            "offer_state": contract.offer_state,
            "sent_to": number.source if message is not None and number is not None else "",
        },
    )


def contract_offers_retry(*, now: datetime.datetime | None = None, batch: int = 200) -> int:
    """Send the codes of offers left PENDING by a registry outage, once it answers; returns how
    many left PENDING. Stops at the first that still meets the outage. Safe to re-run."""
    now = now or timezone.now()
    due = (
        Contract.objects.filter(
            status=Contract.Status.PROPOSED,
            offer_state=Contract.OfferState.PENDING,
            accept_by__gt=now,
        )
        .exclude(offer_next_attempt_at__gt=now)
        .order_by("offer_next_attempt_at", "id")
    )
    done = 0
    for contract_id, establishment_id in list(due.values_list("id", "establishment_id")[:batch]):
        with transaction.atomic():
            establishment_lock(establishment_id=establishment_id)
            locked = (
                Contract.objects.select_for_update()
                .select_related("establishment")
                .get(pk=contract_id)
            )
            if (
                locked.status != Contract.Status.PROPOSED
                or locked.offer_state != Contract.OfferState.PENDING
            ):
                continue
            _offer_send(locked)
        if locked.offer_state == Contract.OfferState.PENDING:
            break
        done += 1
    return done


# --- registration ---------------------------------------------------------------------------


def _text(data: Mapping[str, object], name: str) -> str:
    value = data.get(name)
    return "" if value is None else str(value).strip()


def _date(data: Mapping[str, object], name: str, *, required: bool) -> datetime.date | None:
    value = data.get(name)
    if isinstance(value, datetime.date):
        return value
    return parse_date("" if value is None else str(value), required=required)


def _days(data: Mapping[str, object], name: str, message: str) -> int:
    text = _text(data, name)
    if not text.isdigit():
        raise ValidationError(message)
    return int(text)


def _clean(
    *, data: Mapping[str, object], rule_set: LifecycleRuleSet, today: datetime.date
) -> dict[str, Any]:
    """The contract's fields from `data`, or ContractInvalidError with every refusal by field."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}

    def field(name: str, parse: Any) -> None:
        try:
            values[name] = parse()
        except (ValidationError, InvalidPhoneNumberError) as error:
            message = error.message if isinstance(error, InvalidPhoneNumberError) else None
            errors[name] = message or " ".join(error.messages)  # type: ignore[union-attr]

    field("worker_name_ar", lambda: parse_name_ar(_text(data, "worker_name_ar")))
    field("worker_name_en", lambda: parse_name_en(_text(data, "worker_name_en")))
    field("nationality", lambda: parse_nationality(_text(data, "nationality")))
    field("civil_id", lambda: parse_civil_id(_text(data, "civil_id")) or "")
    field("passport_number", lambda: parse_passport_number(_text(data, "passport_number")) or "")
    nationality = values.get("nationality")
    if nationality == Employee.OMANI and "civil_id" in values and not values["civil_id"]:
        errors["civil_id"] = _("Enter the civil ID number of an Omani worker.")
    if (
        nationality
        and nationality != Employee.OMANI
        and "passport_number" in values
        and not values["passport_number"]
    ):
        errors["passport_number"] = _("Enter the passport number of a worker who is not Omani.")
    field("worker_mobile", lambda: normalise_mobile(_text(data, "worker_mobile")))
    language = _text(data, "worker_language") or "ar"
    if language not in dict(settings.LANGUAGES):
        errors["worker_language"] = _("Choose the language of the worker's messages.")
    values["worker_language"] = language

    def occupation() -> str:
        code = _text(data, "occupation_code")
        if not code:
            raise ValidationError(_("Enter the occupation as a 4-digit ISCO-08 code."))
        if not unit_group_exists(code=code):
            raise ValidationError(
                _("%(value)s is not an ISCO-08 occupation: use the 4-digit code of a unit group.")
                % {"value": code}
            )
        return code

    field("occupation_code", occupation)
    field("job_level", lambda: parse_job_level(_text(data, "job_level")))
    field("monthly_salary", lambda: parse_monthly_salary(_text(data, "monthly_salary")))
    if "monthly_salary" in values and "occupation_code" in values:
        floor = rule_set.salary_floor(values["occupation_code"])
        if floor is not None and values["monthly_salary"] < floor:
            errors["monthly_salary"] = _(
                "The salary is below the lowest the rules allow for this occupation: "
                "RO %(floor)s a month."
            ) % {"floor": floor}
    field("starts_on", lambda: _date(data, "starts_on", required=True))
    field("ends_on", lambda: _date(data, "ends_on", required=False))
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if starts_on is not None and starts_on < today:
        errors["starts_on"] = _("The contract cannot start in the past.")
    if starts_on is not None and ends_on is not None and ends_on <= starts_on:
        errors["ends_on"] = _("The contract must end after it starts.")
    field(
        "probation_days",
        lambda: _days(
            data, "probation_days", _("Enter the probation period in days, from 0 to 180.")
        ),
    )
    if values.get("probation_days", 0) > MAX_PROBATION_DAYS:
        errors["probation_days"] = _("The probation period cannot be longer than 180 days.")
    field(
        "notice_days",
        lambda: _days(data, "notice_days", _("Enter the notice period in days.")),
    )
    if "notice_days" in values and values["notice_days"] < rule_set.min_notice_days:
        errors["notice_days"] = _(
            "The notice period cannot be shorter than the law's %(days)s days."
        ) % {"days": rule_set.min_notice_days}
    for name in ("terms_ar", "terms_en"):
        values[name] = _text(data, name)
        if len(values[name]) > TEXT_MAX_LENGTH:
            errors[name] = _("The other terms are longer than 4000 characters.")
    if errors:
        raise ContractInvalidError(errors)
    return values


@employer_act(Service.CONTRACTS, actor="registered_by")
@transaction.atomic
def contract_register(
    *, establishment: Establishment, registered_by: User, data: Mapping[str, object]
) -> Contract:
    """Register a contract PROPOSED to the worker: validate `data` (nothing is saved when any
    value is refused) and write the `contract_offer` SMS (link and a new 6-digit code, of which
    only the hash is kept) to the worker's consent number, in the worker's language; never to
    the mobile the employer typed. `offer_state` says whether it went (see `_offer_send`).
    Audited.

    Raises ContractInvalidError (errors by field) and ContractError (no rules in force).
    """
    today = timezone.localdate()
    rule_set = lifecycle_rule_set_in_force(on=today)
    if rule_set is None:
        raise ContractInvalidError(
            {"": _("No employment rules are in force today: the contract cannot be registered.")}
        )
    values = _clean(data=data, rule_set=rule_set, today=today)
    establishment_lock(establishment_id=establishment.pk)
    contract = Contract(
        establishment=establishment,
        rule_set=rule_set,
        registered_by=registered_by,
        accept_by=timezone.now() + datetime.timedelta(days=rule_set.contract_acceptance_days),
        **values,
    )
    contract.full_clean()
    contract.save()
    audit_record(
        actor=registered_by,
        action="employment.contract_registered",
        obj=contract,
        after=model_snapshot(contract, (*REGISTER_FIELDS, "status")),
    )
    _offer_send(contract)
    return contract


# --- the register follows -------------------------------------------------------------------


def _register_follows(*, contract: Contract, actor: User) -> Employee:
    """Create or update the establishment's `Employee` for the contract's worker (by civil ID
    for an Omani, by nationality and passport otherwise) with the contract's terms."""
    employees = Employee.objects.filter(establishment_id=contract.establishment_id)
    if contract.nationality == Employee.OMANI:
        existing = employees.filter(civil_id=contract.civil_id).first()
    else:
        existing = employees.filter(
            nationality=contract.nationality, passport_number=contract.passport_number
        ).first()
    data = EmployeeData(
        civil_id=contract.civil_id or (existing.civil_id if existing else None),
        passport_number=contract.passport_number
        or (existing.passport_number if existing else None),
        nationality=contract.nationality,
        name_ar=contract.worker_name_ar,
        name_en=contract.worker_name_en,
        occupation_code=contract.occupation_code,
        job_level=contract.job_level,
        monthly_salary=contract.monthly_salary,
        is_full_time=existing.is_full_time if existing else True,
        has_disability=existing.has_disability if existing else False,
        contract_start=contract.starts_on,
        contract_end=contract.ends_on,
    )
    try:
        if existing is None:
            return employee_create(establishment=contract.establishment, data=data, actor=actor)
        return employee_update(employee=existing, data=data, actor=actor)
    except EmployeeIdentityError as error:
        raise ContractError(error.message) from error


def _activate(
    *,
    contract: Contract,
    from_status: str,
    actor: User | None,
    changes: Mapping[str, object],
    note: str = "",
    actor_label: str = "",
) -> Contract:
    """ACTIVE: the register follows, `contract.employee` is set, the worker is told by SMS at
    their verified numbers. The register entry is audited as the registering representative's:
    it is their contract."""
    with transaction.atomic():
        establishment_lock(establishment_id=contract.establishment_id)
        locked = (
            Contract.objects.select_for_update().select_related("establishment").get(pk=contract.pk)
        )
        if locked.status != from_status:
            raise ContractTransitionError(
                _("%(contract)s is %(status)s: it cannot become %(target)s.")
                % {
                    "contract": _label(locked),
                    "status": locked.get_status_display(),
                    "target": Contract.Status.ACTIVE.label,
                }
            )
        employee = _register_follows(contract=locked, actor=locked.registered_by)
        active = _contract_transition(
            contract=locked,
            to=Contract.Status.ACTIVE,
            actor=actor,
            note=note,
            changes={**changes, "employee": employee},
            actor_label=actor_label,
        )
        worker_notify(
            employee=employee,
            civil_id=active.civil_id or None,
            language=active.worker_language,
            template_code="contract_active",
            key=f"contract:{active.pk}:active",
            context_for={
                "employer": locked.establishment.name,
                "starts_on": active.starts_on.isoformat(),
            },
        )
    return active


# --- the worker's answer --------------------------------------------------------------------


def contract_is_locked(contract: Contract) -> bool:
    """Too many wrong codes: the offer can no longer be accepted."""
    return contract.acceptance_attempts >= MAX_CODE_ATTEMPTS


def contract_is_expired(contract: Contract, now: datetime.datetime | None = None) -> bool:
    return (now or timezone.now()) >= contract.accept_by


def _expire(contract: Contract) -> Contract:
    return _contract_transition(
        contract=contract,
        to=Contract.Status.EXPIRED,
        actor=None,
        note="expired",
        actor_label="system",
    )


def contract_expire_if_due(*, contract: Contract) -> Contract:
    """EXPIRE a PROPOSED offer whose time to answer has passed; other contracts unchanged."""
    if contract.status == Contract.Status.PROPOSED and contract_is_expired(contract):
        return _expire(contract)
    return contract


def _proposed_or_refuse(contract: Contract) -> None:
    if contract.status != Contract.Status.PROPOSED:
        raise ContractTransitionError(
            _("This contract is %(status)s: it is no longer waiting for your answer.")
            % {"status": contract.get_status_display()}
        )


def _refuse_expired(contract: Contract) -> NoReturn:
    """Mark the offer EXPIRED (committed) and raise: the time to answer has passed."""
    _expire(contract)
    raise ContractError(
        _("The time to answer this contract has passed. Ask the employer to register it again.")
    )


def _code_refusal(locked: Contract) -> ContractCodeError:
    """Count a wrong code on the locked offer (kept: audited) and say how many tries are left."""
    locked.acceptance_attempts += 1
    locked.save(update_fields=["acceptance_attempts", "updated_at"])
    audit_record(
        actor=None,
        action="employment.contract_code_failed",
        obj=locked,
        after={"attempts": locked.acceptance_attempts},
        actor_label="worker",
    )
    left = MAX_CODE_ATTEMPTS - locked.acceptance_attempts
    if left <= 0:
        return ContractCodeError(
            _(
                "That code is not right, and that was the last try: this offer takes no more "
                "codes. Sign in with the national digital identity to answer, or ask the "
                "employer to register the contract again."
            )
        )
    return ContractCodeError(
        _("That code is not right. Check the SMS and try again (%(left)s tries left).")
        % {"left": left}
    )


def _answer(*, token: str, code: str, proof: WorkerProof | None, accept: bool) -> Contract:
    """The worker's answer to the offer behind `token`, proven by `proof` (a fresh proof of the
    contract's civil or resident number) or else by the SMS `code`."""
    contract = Contract.objects.get(acceptance_token=token)
    refusal: ContractError | None = None
    expired = False
    with transaction.atomic():
        establishment_lock(establishment_id=contract.establishment_id)
        locked = Contract.objects.select_for_update().select_related("rule_set").get(pk=contract.pk)
        _proposed_or_refuse(locked)
        code = (code or "").strip()
        method = via = ""
        if contract_is_expired(locked):
            expired = True  # marked EXPIRED below, after this block, so that it is kept
        elif proof is not None and proof.proves(locked.civil_id):
            method, via = proof.method, "identity"
        elif not code:
            raise ContractCodeError(
                _(
                    "Prove that you are the worker: enter the code from the text message, or "
                    "sign in with the national digital identity. Nothing was changed."
                )
            )
        elif contract_is_locked(locked):
            raise ContractCodeError(
                _(
                    "Too many wrong codes: this offer takes no more codes. Sign in with the "
                    "national digital identity to answer, or ask the employer to register the "
                    "contract again."
                )
            )
        elif locked.acceptance_code_hash and hmac.compare_digest(
            locked.acceptance_code_hash, _code_hash(locked.acceptance_token, code)
        ):
            method, via = locked.offer_proof_method or ProofMethod.REGISTRY_SMS, "sms_code"
        else:
            refusal = _code_refusal(locked)
        if method:
            if not accept:
                return _contract_transition(
                    contract=locked,
                    to=Contract.Status.DECLINED,
                    actor=None,
                    changes={"answer_proof_method": method},
                    actor_label="worker",
                )
            changes = {
                "accepted_at": timezone.now(),
                "accepted_via": via,
                "answer_proof_method": method,
            }
            if locked.rule_set.contract_approval_required:
                return _contract_transition(
                    contract=locked,
                    to=Contract.Status.ACCEPTED,
                    actor=None,
                    changes=changes,
                    actor_label="worker",
                )
            return _activate(
                contract=locked,
                from_status=Contract.Status.PROPOSED,
                actor=None,
                changes=changes,
                actor_label="worker",
            )
    if expired:
        _refuse_expired(contract)
    assert refusal is not None
    raise refusal


def contract_accept(*, token: str, code: str = "", proof: WorkerProof | None = None) -> Contract:
    """The worker accepts the offer behind `token`: ACCEPTED when the rules at registration
    require ministry approval, else ACTIVE (the register follows, SMS). Proven by `proof` (a
    fresh proof of the contract's civil or resident number) or by the SMS `code`; the method is
    recorded (`answer_proof_method`, in the audit event too).

    A wrong code counts (and is kept) even though ContractCodeError is raised; after
    MAX_CODE_ATTEMPTS the offer takes no more codes. Raises Contract.DoesNotExist for an unknown
    token, ContractCodeError without a proof, ContractError when expired (marked EXPIRED),
    ContractTransitionError when not PROPOSED.
    """
    return _answer(token=token, code=code, proof=proof, accept=True)


def contract_decline(*, token: str, code: str = "", proof: WorkerProof | None = None) -> Contract:
    """The worker declines the offer behind `token` (DECLINED, audited), proven as for
    `contract_accept` (the code or a fresh proof; the method is recorded). Raises as it does."""
    return _answer(token=token, code=code, proof=proof, accept=False)


# --- the ministry's decision ----------------------------------------------------------------


def contract_decide(
    *, contract: Contract, decided_by: User, approve: bool, reason: str
) -> Contract:
    """An officer or approver decides an ACCEPTED contract: ACTIVE (the register follows, SMS to
    the worker) or REFUSED, with the reason. Raises PermissionDeniedError for another role,
    ContractError without a reason, ContractTransitionError when not ACCEPTED (nothing changed).
    """
    if decided_by.role not in DECIDERS:
        raise PermissionDeniedError(_("Only an officer or an approver can decide a contract."))
    reason = reason.strip()
    if not reason:
        raise ContractError(_("Give the reason for your decision."))
    changes = {"decided_by": decided_by, "decided_at": timezone.now(), "decision_reason": reason}
    if approve:
        # only from ACCEPTED: PROPOSED -> ACTIVE is the worker's acceptance, never the ministry's
        return _activate(
            contract=contract,
            from_status=Contract.Status.ACCEPTED,
            actor=decided_by,
            changes=changes,
            note=reason,
        )
    return _contract_transition(
        contract=contract,
        to=Contract.Status.REFUSED,
        actor=decided_by,
        changes=changes,
        note=reason,
    )


# --- the end of a contract ------------------------------------------------------------------


def contracts_end_for_employee(
    *, employee: Employee, actor: User | None, note: str, actor_label: str = ""
) -> int:
    """End the employee's contracts in force (a termination upheld); returns how many."""
    ended = 0
    active = Contract.objects.filter(employee=employee, status=Contract.Status.ACTIVE)
    for contract in active.order_by("id"):
        _contract_transition(
            contract=contract,
            to=Contract.Status.ENDED,
            actor=actor,
            note=note,
            actor_label=actor_label,
        )
        ended += 1
    return ended


def contracts_end_past_their_date(*, on: datetime.date | None = None, batch: int = 500) -> int:
    """Contracts in force whose end date has passed become ENDED (nightly). Safe to re-run."""
    on = on or timezone.localdate()
    ended = 0
    rows = Contract.objects.filter(status=Contract.Status.ACTIVE, ends_on__lt=on).order_by("id")
    for contract in rows[:batch]:
        try:
            _contract_transition(
                contract=contract,
                to=Contract.Status.ENDED,
                actor=None,
                note="end date",
                actor_label="end date",
            )
        except ContractTransitionError:
            continue
        ended += 1
    return ended

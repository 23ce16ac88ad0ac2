"""Applying for a permit: validation, the fee, the automatic checks, straight-through approval
under the establishment's lock, documents, withdrawal."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from core.private_files import private_file_path
from core.services import audit_record
from employers.access import chamber_refusal, employer_act
from employers.locks import establishment_lock
from employers.models import Establishment, Service
from employers.validators import (
    OMANI,
    parse_civil_id,
    parse_name_ar,
    parse_name_en,
    parse_nationality,
    parse_passport_number,
)
from notifications.phone import InvalidPhoneNumberError, normalise_mobile
from omanization.selectors import compliance_for_establishment
from permits.checks import FAILED, run_checks
from permits.documents import (
    MAX_DOCUMENTS_PER_PERMIT,
    CheckedDocument,
    document_store,
)
from permits.fees import Fee, permit_fee
from permits.models import DocumentRequest, Permit, PermitDocument, PermitRuleSet
from permits.questions import issuance_waits_for_payment
from permits.selectors import permit_rule_set_in_force
from permits.services.lifecycle import PermitError, employer_told_of_hold, permit_transition
from taxonomy.selectors import unit_group_exists

AUTOMATIC = "automatic checks"
logger = logging.getLogger(__name__)


@dataclass
class WorkerAndJob:
    """What the employer states about the worker and the job (raw, validated by the service)."""

    worker_name_ar: str
    worker_name_en: str
    nationality: str
    passport_number: str
    passport_expiry: datetime.date | None
    date_of_birth: datetime.date | None
    occupation_code: str
    job_level: int | str
    monthly_salary: Decimal | str
    requested_start: datetime.date | None
    worker_mobile: str = ""
    worker_language: str = "en"
    worker_civil_id: str = ""
    cleaned: dict[str, object] = field(default_factory=dict)


def application_validate(data: WorkerAndJob, *, on: datetime.date) -> dict[str, object]:
    """The cleaned fields, or ValidationError keyed by field with translated messages."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, object] = {}

    def attempt(name: str, parse: object, value: object) -> None:
        try:
            cleaned[name] = parse(value)  # type: ignore[operator]
        except ValidationError as error:
            errors.setdefault(name, []).extend(error.messages)

    attempt("worker_name_ar", parse_name_ar, data.worker_name_ar)
    attempt("worker_name_en", parse_name_en, data.worker_name_en)
    attempt("nationality", parse_nationality, data.nationality)
    attempt("passport_number", parse_passport_number, data.passport_number)
    if not errors.get("passport_number") and not cleaned.get("passport_number"):
        errors["passport_number"] = [_("Enter the worker's passport number.")]
    if cleaned.get("nationality") == OMANI:
        errors.setdefault("nationality", []).append(
            _("Omanis do not need a work permit: add them to the workforce register instead.")
        )
    code = str(data.occupation_code or "").strip()
    if not code:
        errors["occupation_code"] = [_("Choose the occupation.")]
    elif not unit_group_exists(code=code):
        errors["occupation_code"] = [
            _("%(value)s is not an ISCO-08 occupation: use the 4-digit code of a unit group.")
            % {"value": code}
        ]
    else:
        cleaned["occupation_code"] = code
    try:
        level = int(data.job_level)
        if not 1 <= level <= 4:
            raise ValueError
        cleaned["job_level"] = level
    except (TypeError, ValueError):
        errors["job_level"] = [_("Choose a job level from 1 to 4.")]
    try:
        salary = Decimal(str(data.monthly_salary)).quantize(Decimal("0.001"))
        if salary <= 0 or salary >= Decimal("1000000"):
            raise InvalidOperation
        cleaned["monthly_salary"] = salary
    except (InvalidOperation, ValueError):
        errors["monthly_salary"] = [_("Enter the monthly salary in rials, for example 350.500.")]
    if data.date_of_birth is None:
        errors["date_of_birth"] = [_("Enter the worker's date of birth.")]
    elif data.date_of_birth > on - relativedelta(years=18):
        errors["date_of_birth"] = [_("The worker must be at least 18 years old.")]
    elif data.date_of_birth < on - relativedelta(years=80):
        errors["date_of_birth"] = [_("Check the date of birth: it is more than 80 years ago.")]
    else:
        cleaned["date_of_birth"] = data.date_of_birth
    if data.requested_start is None:
        errors["requested_start"] = [_("Enter the date the work should start.")]
    elif data.requested_start < on:
        errors["requested_start"] = [_("The start date cannot be in the past.")]
    elif data.requested_start > on + relativedelta(months=12):
        errors["requested_start"] = [_("The start date must be within a year from today.")]
    else:
        cleaned["requested_start"] = data.requested_start
    if data.passport_expiry is None:
        errors["passport_expiry"] = [_("Enter the date the passport expires.")]
    elif data.date_of_birth and data.passport_expiry <= data.date_of_birth:
        errors["passport_expiry"] = [_("The passport expiry must come after the date of birth.")]
    elif data.passport_expiry <= on:
        errors["passport_expiry"] = [_("The passport has expired: enter a valid passport.")]
    else:
        cleaned["passport_expiry"] = data.passport_expiry
    if data.worker_mobile:
        try:
            cleaned["worker_mobile"] = normalise_mobile(data.worker_mobile)
        except InvalidPhoneNumberError as error:
            errors["worker_mobile"] = [error.message]
    else:
        cleaned["worker_mobile"] = ""
    cleaned["worker_language"] = (
        data.worker_language if data.worker_language in {"ar", "en"} else "en"
    )
    # An identifier, not a proof: the worker's consent codes and notices go only to the
    # verified numbers of it (accounts.contact), never to the typed mobile above.
    attempt("worker_civil_id", lambda value: parse_civil_id(value) or "", data.worker_civil_id)
    if errors:
        raise ValidationError(errors)
    return cleaned


# --- numbers --------------------------------------------------------------------------------


def next_permit_number(*, on: datetime.date) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('permits_permit_number_seq')")
        (value,) = cursor.fetchone()
    return f"WP{on:%Y}{value:09d}"


def _fee(
    *,
    establishment: Establishment,
    rule_set: PermitRuleSet,
    occupation_code: str,
    monthly_salary: Decimal,
    transfer: bool,
) -> Fee:
    result = compliance_for_establishment(establishment=establishment)
    return permit_fee(
        rule_set=rule_set,
        occupation_code=occupation_code,
        monthly_salary=monthly_salary,
        multiplier=result.fee_multiplier if result is not None else None,
        transfer=transfer,
    )


def rule_set_required(*, on: datetime.date) -> PermitRuleSet:
    rule_set = permit_rule_set_in_force(on=on)
    if rule_set is None:
        raise PermitError(_("No permit rules are in force today: applications cannot be taken."))
    return rule_set


# --- application ----------------------------------------------------------------------------


def permit_file(
    *,
    establishment: Establishment,
    data: WorkerAndJob,
    applied_by: User | None,
    documents: list[CheckedDocument] | None = None,
    kind: str = Permit.Kind.NEW,
    previous_permit: Permit | None = None,
    notify_employer: bool = True,
) -> Permit:
    """File an application, run the automatic checks and, where every check passes and policy
    allows, approve and issue it at once; otherwise it waits in the officer queue.

    The establishment row is locked for the whole step, so simultaneous applications of one
    establishment are decided one after the other against the same quota. Raises
    ValidationError (by field) for bad input and PermitError when the worker already has an
    open application or a permit: nothing is written.
    """
    on = timezone.localdate()
    cleaned = application_validate(data, on=on)
    documents = documents or []
    if len(documents) > MAX_DOCUMENTS_PER_PERMIT:
        raise PermitError(_("Attach at most 20 documents."))
    stored: list[str] = []
    try:
        with transaction.atomic():
            locked = establishment_lock(establishment_id=establishment.pk)
            refusal = chamber_refusal(establishment=locked, service=Service.PERMITS, on=on)
            if refusal is not None:
                raise PermitError(refusal)
            _refuse_duplicates(cleaned=cleaned, kind=kind, previous_permit=previous_permit)
            rule_set = rule_set_required(on=on)
            fee = _fee(
                establishment=locked,
                rule_set=rule_set,
                occupation_code=str(cleaned["occupation_code"]),
                monthly_salary=cleaned["monthly_salary"],  # type: ignore[arg-type]
                transfer=kind == Permit.Kind.TRANSFER,
            )
            checks = run_checks(
                establishment=locked,
                rule_set=rule_set,
                occupation_code=str(cleaned["occupation_code"]),
                job_level=int(cleaned["job_level"]),  # type: ignore[call-overload]
                monthly_salary=cleaned["monthly_salary"],  # type: ignore[arg-type]
                passport_expiry=cleaned["passport_expiry"],  # type: ignore[arg-type]
                starts_on=cleaned["requested_start"],  # type: ignore[arg-type]
                adds_worker=kind != Permit.Kind.RENEWAL,
            )
            permit = Permit(
                number=next_permit_number(on=on),
                kind=kind,
                establishment=locked,
                status=Permit.Status.SUBMITTED,
                applied_by=applied_by,
                previous_permit=previous_permit,
                rule_set=rule_set,
                fee_band=fee.band,
                base_fee=fee.base,
                fee_multiplier=fee.multiplier,
                fee_amount=fee.amount,
                checks=checks,
                checks_passed=all(check["outcome"] != FAILED for check in checks),
                **cleaned,
            )
            # Values were checked by application_validate; the database enforces the
            # constraints (one pending application and one held permit per worker).
            permit.clean_fields(exclude=[*_RELATIONS, "certificate_token", "number"])
            permit.save()
            for document in documents:
                saved = _document_save(permit=permit, document=document, uploaded_by=applied_by)
                stored.append(saved.stored_path)
            audit_record(
                actor=applied_by,
                action="permits.applied",
                obj=permit,
                after={
                    "kind": kind,
                    "establishment": locked.cr_number,
                    "occupation_code": permit.occupation_code,
                    "fee_amount": permit.fee_amount,
                    "checks": checks,
                    "documents": len(documents),
                },
            )
            if permit.checks_passed and rule_set.straight_through:
                permit = _approve_and_issue(
                    permit=permit,
                    actor=None,
                    reason=_("Every automatic check passed."),
                    notify_employer=notify_employer,
                )
    except BaseException as error:
        _remove_files(stored)  # the rows rolled back: their files go too
        if isinstance(error, IntegrityError) and "permit_one_" in str(error):
            raise PermitError(
                _("An application or a permit for this worker already exists.")
            ) from None
        raise
    return permit


# An establishment's representative files it (the view, the Sanad counter, a renewal): they must
# hold the permits service. `permit_file` itself is also the portal's own filing of the new
# permit of a transfer the worker agreed to, requested earlier by the new employer.
permit_apply = employer_act(Service.PERMITS, actor="applied_by")(permit_file)


_RELATIONS = (
    "establishment",
    "rule_set",
    "applied_by",
    "previous_permit",
    "employee",
    "assigned_to",
    "recommended_by",
    "override_requested_by",
    "decided_by",
)


def _remove_files(relative_paths: list[str]) -> None:
    for relative in relative_paths:
        try:
            private_file_path(relative).unlink(missing_ok=True)
        except (OSError, ValueError):
            logger.warning("could not remove %s", relative)


def _refuse_duplicates(
    *, cleaned: dict[str, object], kind: str, previous_permit: Permit | None
) -> None:
    same_worker = Permit.objects.filter(
        nationality=cleaned["nationality"], passport_number=cleaned["passport_number"]
    )
    pending = same_worker.filter(status__in=Permit.PENDING).first()
    if pending is not None:
        raise PermitError(
            _("An application for this worker is already open (%(number)s).")
            % {"number": pending.number}
        )
    held = same_worker.filter(status__in=Permit.HELD)
    if previous_permit is not None:
        held = held.exclude(pk=previous_permit.pk)
    if held.exists():
        raise PermitError(
            _(
                "This worker already holds a work permit with an employer: ask for a transfer "
                "with the worker's consent instead."
            )
        )


def _approve_and_issue(
    *, permit: Permit, actor: User | None, reason: str, notify_employer: bool = True
) -> Permit:
    """APPROVED then ACTIVE, two audited steps; a renewal or transfer first ends the permit it
    replaces. Under a payment rule set that makes the fee payable after approval, the permit
    stays APPROVED with its fee invoice raised, and is issued when the invoice is paid
    (`permit_issue_paid`). The caller holds the establishment lock."""
    now = timezone.now()
    label = "" if actor else AUTOMATIC
    permit = permit_transition(
        permit=permit,
        to=Permit.Status.APPROVED,
        actor=actor,
        actor_label=label,
        notify_employer=notify_employer,
        changes={"decided_by": actor, "decided_at": now, "decision_reason": reason},
    )
    if issuance_waits_for_payment.ask(permit=permit):
        return permit
    return _issue(permit=permit, actor=actor, notify_employer=notify_employer)


def permit_issue_paid(
    *, permit: Permit, notify_employer: bool = True, payer_id: int | None = None
) -> Permit:
    """Issue an APPROVED permit whose fee was just paid (called by payments, in the payment's
    transaction, and by its nightly sweep of paid permits held). A permit no longer APPROVED
    (withdrawn, issued already) is returned as it is: a repeated confirmation changes nothing.

    The permit checks run again first, under the establishment's lock, as at approval: time has
    passed since (the fine's grace period is months). A check that fails now and did not fail at
    approval (a failure the approvers accepted by four eyes stays accepted) holds the issue: the
    permit stays APPROVED with `issue_held_at` and the failing checks, audited once
    (`permits.issue_held`), and the employer is told why by SMS. The payment is kept; the permit
    is issued when the checks pass again. `payer_id`, the person who paid, is told with the
    employer's contacts."""
    with transaction.atomic():
        employer = establishment_lock(establishment_id=permit.establishment_id)
        locked = Permit.objects.select_for_update().get(pk=permit.pk)
        if locked.status != Permit.Status.APPROVED:
            return locked
        failing = _issue_blockers(permit=locked, establishment=employer)
        if failing:
            return _hold_issue(
                permit=locked,
                failing=failing,
                notify_employer=notify_employer,
                payer_id=payer_id,
            )
        if locked.issue_held_at is not None:
            locked.issue_held_at = None
            locked.issue_held_checks = []
            locked.save(update_fields=["issue_held_at", "issue_held_checks", "updated_at"])
        return _issue(permit=locked, actor=None, notify_employer=notify_employer)


# What holds a paid permit's issue: what the establishment may have lost since approval. Left
# out: the labour-market test (decided at approval: the vacancy it advertised is filled by this
# very worker), the annual Omanization plan (it gates new applications) and the passport (the
# worker's, checked against the start date at approval and again at renewal).
ISSUE_CHECKS = frozenset(
    {"establishment_active", "not_barred", "omanization", "occupation_not_reserved"}
)
CHAMBER_CHECK = "chamber_membership"


def _issue_blockers(*, permit: Permit, establishment: Establishment) -> list[dict[str, object]]:
    """The checks (in the form of `Permit.checks`) that fail now and did not at approval; the
    caller holds the establishment's lock."""
    accepted = {
        str(check.get("code"))
        for check in permit.checks or []
        if check.get("outcome") == FAILED and permit.override_requested_by_id is not None
    }
    return checks_failing_at_payment(
        establishment=establishment,
        fallback_rule_set=permit.rule_set,
        occupation_code=permit.occupation_code,
        job_level=permit.job_level,
        monthly_salary=permit.monthly_salary,
        passport_expiry=permit.passport_expiry,
        starts_on=permit.requested_start,
        accepted=accepted,
    )


def checks_failing_at_payment(
    *,
    establishment: Establishment,
    fallback_rule_set: PermitRuleSet,
    occupation_code: str,
    job_level: int,
    monthly_salary: Decimal,
    passport_expiry: datetime.date,
    starts_on: datetime.date,
    accepted: set[str] | frozenset[str] = frozenset(),
) -> list[dict[str, object]]:
    """The checks of ISSUE_CHECKS and the chamber membership that fail now for a job whose fee
    was just paid (a permit approved, a data change asked for): what the establishment may
    have lost since, not in `accepted`. The rules in force today, `fallback_rule_set` when
    none is (a payment is never refused for want of rules). The caller holds the
    establishment's lock."""
    on = timezone.localdate()
    failing: list[dict[str, object]] = []
    if chamber_refusal(establishment=establishment, service=Service.PERMITS, on=on):
        failing.append(
            {
                "code": CHAMBER_CHECK,
                "outcome": FAILED,
                "message": gettext_noop(
                    "The chamber of commerce membership of this establishment has lapsed: "
                    "renew it with the chamber before applying for work permits."
                ),
                "params": {},
            }
        )
    checks = run_checks(
        establishment=establishment,
        # the rules in force today; the permit's own when none is (a payment is never refused)
        rule_set=permit_rule_set_in_force(on=on) or fallback_rule_set,
        occupation_code=occupation_code,
        job_level=job_level,
        monthly_salary=monthly_salary,
        passport_expiry=passport_expiry,
        starts_on=max(starts_on, on),
        # an approved permit's worker is counted already (foreign_hires_approved_for_...)
        adds_worker=False,
    )
    failing.extend(
        check
        for check in checks
        if check["code"] in ISSUE_CHECKS
        and check["outcome"] == FAILED
        and check["code"] not in accepted
    )
    return failing


def _hold_issue(
    *,
    permit: Permit,
    failing: list[dict[str, object]],
    notify_employer: bool,
    payer_id: int | None,
) -> Permit:
    """Keep the paid permit APPROVED with the checks that hold it; audit and tell the employer
    when the reasons are new (the nightly sweep asks again without repeating itself)."""
    codes = [str(check["code"]) for check in failing]
    if (
        permit.issue_held_at is not None
        and [str(check.get("code")) for check in permit.issue_held_checks] == codes
    ):
        return permit
    permit.issue_held_at = permit.issue_held_at or timezone.now()
    permit.issue_held_checks = failing
    permit.save(update_fields=["issue_held_at", "issue_held_checks", "updated_at"])
    event = audit_record(
        actor=None,
        actor_label=AUTOMATIC,
        action="permits.issue_held",
        obj=permit,
        after={"failed": codes, "checks": failing},
    )
    if notify_employer:
        employer_told_of_hold(
            permit=permit,
            failing=failing,
            payer_id=payer_id,
            event_id=event.pk,
            decision=lambda reasons: (
                _(
                    "fee paid, not issued: %(reasons)s The permit will be issued once this is "
                    "resolved; the fee is kept for it."
                )
                % {"reasons": reasons}
            ),
        )
    return permit


def _issue(*, permit: Permit, actor: User | None, notify_employer: bool) -> Permit:
    """ACTIVE from today (or the requested start, or the day after the renewed permit ends);
    a renewal or transfer first ends the permit it replaces."""
    on = timezone.localdate()
    now = timezone.now()
    label = "" if actor else AUTOMATIC
    previous = permit.previous_permit
    valid_from = max(permit.requested_start, on)
    if previous is not None:
        previous.refresh_from_db()
        if permit.kind == Permit.Kind.RENEWAL and previous.valid_until:
            valid_from = max(previous.valid_until + datetime.timedelta(days=1), on)
        if previous.status in Permit.HELD:
            ending = (
                Permit.Status.RENEWED
                if permit.kind == Permit.Kind.RENEWAL
                else Permit.Status.TRANSFERRED
            )
            if previous.status == Permit.Status.SUSPENDED and ending == Permit.Status.RENEWED:
                raise PermitError(_("A suspended permit cannot be renewed."))
            permit_transition(
                permit=previous,
                to=ending,
                actor=actor,
                actor_label=label,
                notify_employer=notify_employer,
                changes={"ended_reason": permit.number},
            )
    validity = permit.rule_set.validity_months
    return permit_transition(
        permit=permit,
        to=Permit.Status.ACTIVE,
        actor=actor,
        actor_label=label,
        notify_employer=notify_employer,
        changes={
            "valid_from": valid_from,
            "valid_until": valid_from + relativedelta(months=validity) - datetime.timedelta(days=1),
            "issued_at": now,
        },
    )


# --- documents ------------------------------------------------------------------------------


def _document_save(
    *, permit: Permit, document: CheckedDocument, uploaded_by: User | None
) -> PermitDocument:
    relative = document_store(permit_id=permit.pk, document=document)
    return PermitDocument.objects.create(
        permit=permit,
        kind=document.kind,
        original_filename=document.original_filename,
        stored_path=relative,
        content_type=document.content_type,
        size=len(document.content),
        sha256=document.sha256,
        uploaded_by=uploaded_by,
    )


def permit_document_downloaded(*, document: PermitDocument, actor: User) -> None:
    """Record that `actor` downloaded a private document of a permit (a passport scan, a
    contract): who, which permit, which file. A Sanad clerk acting for someone leaves that
    person a receipt too (core.services.audit_record's delegation hook)."""
    audit_record(
        actor=actor,
        action="permits.document_downloaded",
        obj=document.permit,
        after={
            "document": document.pk,
            "kind": document.kind,
            "file": document.original_filename,
            "sha256": document.sha256,
        },
    )


def permit_document_add(
    *, permit: Permit, document: CheckedDocument, uploaded_by: User
) -> PermitDocument:
    """Add a document to an application waiting for a decision. When the officer asked for
    documents, the open requests are answered and the case goes back to the queue."""
    with transaction.atomic():
        locked = Permit.objects.select_for_update().get(pk=permit.pk)
        if locked.status not in Permit.EMPLOYER_WITHDRAWABLE:
            raise PermitError(
                _("Documents can be added only while the application waits for a decision.")
            )
        if locked.documents.count() >= MAX_DOCUMENTS_PER_PERMIT:
            raise PermitError(_("Attach at most 20 documents."))
        saved = _document_save(permit=locked, document=document, uploaded_by=uploaded_by)
        audit_record(
            actor=uploaded_by,
            action="permits.document_added",
            obj=locked,
            after={"kind": document.kind, "file": document.original_filename},
        )
        if locked.status == Permit.Status.DOCUMENTS_REQUESTED:
            DocumentRequest.objects.filter(permit=locked, answered_at__isnull=True).update(
                answered_at=timezone.now()
            )
            permit_transition(
                permit=locked,
                to=Permit.Status.SUBMITTED,
                actor=uploaded_by,
                note=_("Documents provided"),
            )
    return saved


def permit_withdraw(*, permit: Permit, withdrawn_by: User) -> Permit:
    """The employer withdraws an application before the decision."""
    if permit.status not in Permit.EMPLOYER_WITHDRAWABLE:
        raise PermitError(_("Only an application waiting for a decision can be withdrawn."))
    return permit_transition(permit=permit, to=Permit.Status.WITHDRAWN, actor=withdrawn_by)

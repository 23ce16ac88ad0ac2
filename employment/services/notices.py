"""What the portal tells a worker by SMS, only through verified numbers (DOMAIN.md section 7).

A notice (`WorkerNotice`) goes to every number of accounts.contact.verified_numbers_for(the
worker's civil or resident number): the civil registry's mobile and the mobile of the worker's
own proven account, one ledger row each. A number an employer typed (on a contract or a permit)
is a hint only and never receives a notice.

- No civil or resident number, or none of those numbers: the notice is NO_NUMBER; nobody was
  told, so no deadline starts, and the case pages say so.
- The registry down with nothing of it kept and no proven account: the notice stays PENDING and
  `worker_notices_retry` (beat: `worker_notices_retry_task`) sends it once the registry
  answers. Nothing is lost.

The registry is asked inside the caller's transaction (its answer is kept for a day, so a
lookup is usually local); its timeouts are short (CIVIL_REGISTRY_READ_TIMEOUT).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Mapping, Sequence

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.contact import verified_numbers_for
from accounts.registry import RegistryUnavailableError
from core.services import audit_record
from core.workflow import advance
from employers.models import Employee
from employment.models import Contract, WorkerNotice
from employment.selectors.cases import worker_latest_permit
from notifications.models import SmsMessage
from notifications.phone import InvalidPhoneNumberError
from notifications.services import SmsTemplateError, sms_enqueue, sms_template_for_workers

logger = logging.getLogger(__name__)

# Waits between tries while the registry is down: 1, 2, 4 ... minutes, at most an hour.
RETRY_BASE_SECONDS = 60
RETRY_MAX_SECONDS = 3600

ContextValue = object | Callable[[], object]


def worker_civil_id(employee: Employee) -> str:
    """The worker's civil or resident number: the register's, else the latest contract's with
    this employer ("" when neither holds one: such a worker cannot be reached by the portal)."""
    if employee.civil_id:
        return employee.civil_id
    contract = (
        Contract.objects.filter(employee=employee).exclude(civil_id="").order_by("-id").first()
    )
    return contract.civil_id if contract is not None else ""


def worker_language(employee: Employee) -> str:
    """The language of the worker's messages as last given (the latest contract's, else the
    latest permit's): a hint about the language, never about the number."""
    contract = Contract.objects.filter(employee=employee).order_by("-id").first()
    if contract is not None and contract.worker_language:
        return contract.worker_language
    permit = worker_latest_permit(employee=employee)
    if permit is not None and permit.worker_language:
        return str(permit.worker_language)
    return "ar"


def _contexts(context_for: Mapping[str, ContextValue]) -> dict[str, dict[str, str]]:
    contexts: dict[str, dict[str, str]] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            contexts[language] = {k: str(v() if callable(v) else v) for k, v in context_for.items()}
    return contexts


def _deliver(notice: WorkerNotice) -> None:
    """Write the notice's messages (one per verified number), or mark it NO_NUMBER. Raises
    RegistryUnavailableError (nothing written) when the registry cannot be asked."""
    numbers = verified_numbers_for(civil_id=notice.civil_id) if notice.civil_id else []
    written: list[SmsMessage] = []
    for number in numbers:
        account = number.account
        language = (account.preferred_language if account is not None else "") or notice.language
        context = notice.contexts.get(language) or notice.contexts.get(notice.language) or {}
        try:
            message = sms_enqueue(
                template_code=notice.template_code,
                context=context,
                idempotency_key=f"{notice.key}:{number.source}",
                recipient=account,
                to_number=number.number,
                language=language,
            )
        except InvalidPhoneNumberError:
            logger.warning("worker notice %s: a verified number cannot take SMS", notice.pk)
            continue
        if message is not None:
            written.append(message)
    now = timezone.now()
    advance(notice, WorkerNotice.Status.SENT if written else WorkerNotice.Status.NO_NUMBER)
    notice.sent_at = now if written else None
    notice.next_attempt_at = None
    notice.save(update_fields=["status", "sent_at", "next_attempt_at", "updated_at"])
    if written:
        notice.messages.add(*written)
    audit_record(
        actor=None,
        actor_label="portal",
        action=f"employment.worker_notice_{notice.status}",
        obj=notice,
        after={
            "key": notice.key,
            "template": notice.template_code,
            "numbers": [number.source for number in numbers],
            "messages": [message.pk for message in written],
        },
    )


def _postpone(notice: WorkerNotice, now: datetime.datetime) -> None:
    notice.attempts += 1
    wait = min(RETRY_BASE_SECONDS * 2 ** (notice.attempts - 1), RETRY_MAX_SECONDS)
    notice.next_attempt_at = now + datetime.timedelta(seconds=wait)
    notice.save(update_fields=["attempts", "next_attempt_at", "updated_at"])


@transaction.atomic
def worker_notify(
    *,
    employee: Employee,
    template_code: str,
    key: str,
    context_for: Mapping[str, ContextValue],
    civil_id: str | None = None,
    language: str | None = None,
) -> WorkerNotice:
    """Tell the worker of `employee` by SMS at every verified number, in the caller's
    transaction. `context_for` fills the template (a callable is evaluated in each language).

    Returns the notice: SENT (its `messages`), NO_NUMBER, or PENDING while the registry cannot
    be asked (retried by `worker_notices_retry`). The same `key` twice returns the first notice.
    """
    existing = WorkerNotice.objects.filter(key=key).first()
    if existing is not None:
        return existing
    if not sms_template_for_workers(code=template_code):
        # a notice to a worker is read in the worker's language: its template must have them
        raise SmsTemplateError(
            _("The message %(code)s is not written for workers.") % {"code": template_code}
        )
    notice = WorkerNotice.objects.create(
        key=key,
        employee=employee,
        civil_id=worker_civil_id(employee) if civil_id is None else civil_id,
        template_code=template_code,
        contexts=_contexts(context_for),
        language=language or worker_language(employee),
        next_attempt_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            _deliver(notice)
    except RegistryUnavailableError:
        notice.refresh_from_db()
        _postpone(notice, timezone.now())
        logger.warning("worker notice %s: the civil registry is down, kept pending", notice.pk)
    return notice


def worker_notice_deliver(*, notice_id: int) -> WorkerNotice:
    """Try a PENDING notice again now (under its row lock); other notices are unchanged."""
    with transaction.atomic():
        notice = WorkerNotice.objects.select_for_update().get(pk=notice_id)
        if notice.status != WorkerNotice.Status.PENDING:
            return notice
        try:
            with transaction.atomic():
                _deliver(notice)
        except RegistryUnavailableError:
            notice.refresh_from_db()
            _postpone(notice, timezone.now())
    return notice


def worker_notices_retry(*, now: datetime.datetime | None = None, batch: int = 200) -> int:
    """Send the PENDING notices whose next try is due; returns how many left PENDING. Stops at
    the first that still meets a registry outage (the others would too). Safe to re-run."""
    now = now or timezone.now()
    due = WorkerNotice.objects.filter(
        status=WorkerNotice.Status.PENDING, next_attempt_at__lte=now
    ).order_by("next_attempt_at", "id")
    done = 0
    for notice_id in list(due.values_list("id", flat=True)[:batch]):
        notice = worker_notice_deliver(notice_id=notice_id)
        if notice.status == WorkerNotice.Status.PENDING:
            break
        done += 1
    return done


def notice_messages(notice: WorkerNotice | None) -> list[SmsMessage]:
    """The messages of a notice (none before it was sent), oldest first."""
    if notice is None or notice.pk is None:
        return []
    return list(notice.messages.order_by("created_at", "id"))


# --- many workers told at once ---------------------------------------------------------------

E164 = r"^\+[1-9][0-9]{7,14}$"


def _kept_registry_answer(alias: str, civil_id_sql: str) -> tuple[str, list[object]]:
    """The SQL condition (and its values) on registry record `alias`: it is the kept answer for
    the worker of `civil_id_sql`, younger than CIVIL_REGISTRY_MAX_AGE_SECONDS and holding a
    mobile (as `verified_numbers_for` reads it)."""
    max_age = datetime.timedelta(seconds=settings.CIVIL_REGISTRY_MAX_AGE_SECONDS)
    sql = (
        f"{alias}.civil_id = {civil_id_sql} AND {alias}.fetched_at > now() - %s "
        f"AND {alias}.mobile ~ %s"
    )
    return sql, [max_age, E164]


def worker_number_kept_sql(civil_id_sql: str) -> tuple[str, list[object]]:
    """An SQL condition (and its values): the worker of `civil_id_sql` has a verified number
    known without asking the civil registry (`_kept_registry_answer`). Those workers are told
    by `worker_messages_enqueue_kept`; the others need a `WorkerNotice` (PENDING, sent by
    `worker_notices_retry` once the registry answers)."""
    from accounts.models import RegistryRecord

    kept, params = _kept_registry_answer("kept_rr", civil_id_sql)
    sql = f"""EXISTS (
        SELECT 1 FROM {RegistryRecord._meta.db_table} kept_rr WHERE {kept}
    )"""  # noqa: S608  # nosec B608 # SQL from code, values as parameters
    return sql, params


def worker_template_set_based(*, template_code: str) -> bool:
    """Whether `worker_messages_enqueue_kept` can write `template_code`: active, with no
    masked placeholder (a masked one is filled one by one, by `sms_enqueue`: such a message
    goes through a WorkerNotice). A language the template lacks gets its Arabic text, as
    `sms_enqueue` writes it."""
    from notifications.models import SmsTemplate

    template = SmsTemplate.objects.filter(code=template_code, is_active=True).first()
    return template is not None and not template.sensitive_placeholders


def worker_messages_enqueue_kept(
    *,
    template_code: str,
    workers_sql: str,
    params: list[object],
    context: Mapping[str, object],
    slots: Sequence[str] = (),
) -> int:
    """Tell, set-based, each worker of `workers_sql` whose verified numbers are kept
    (`worker_number_kept_sql`): one ledger row per number, by one INSERT ... SELECT
    (`sms_enqueue_select`), and nothing else: the ledger row is the record of the message (its
    idempotency key names the worker's occasion, so the same call twice writes nothing).

    `workers_sql` yields `civil_id`, `key` (the occasion's key: the messages are keyed
    `<key>:registry` and `<key>:account`, as `_deliver` keys a notice's), `language` (the
    worker's, as last given) and, for each name of `slots`, the value in Arabic (also used for
    the workers' other languages) as `<slot>` and in English as `<slot>_en`; `context` fills the
    other placeholders. The numbers are those `verified_numbers_for` gives, never one an
    employer typed: the kept registry mobile, and the worker's own proven account's mobile
    when it is another number (the account's language wins for its own number). Workers
    without a kept number get nothing here: the caller keeps a WorkerNotice for them. The
    caller checked `worker_template_set_based`. Returns the messages written."""
    from accounts.models import RegistryRecord, User
    from notifications.models import SmsTemplate
    from notifications.services import sms_enqueue_select, sms_texts

    template = SmsTemplate.objects.get(code=template_code)
    slots = list(slots)
    alert = template.category == SmsTemplate.Category.ALERT
    kept, kept_params = _kept_registry_answer("rr", "w.civil_id")
    filled = "".join(
        f", CASE WHEN x.language = 'en' THEN w.{slot}_en ELSE w.{slot} END AS {slot}"
        for slot in slots
    )
    same = "a.mobile = rr.mobile"
    account_language = "COALESCE(NULLIF(a.preferred_language, ''), w.language)"
    rows = f"""
        SELECT x.mobile, x.user_id, x.language, x.key{filled}
        FROM ({workers_sql}) w
        JOIN {RegistryRecord._meta.db_table} rr
            ON {kept}
        LEFT JOIN LATERAL (
            SELECT u.id, u.mobile, u.preferred_language, u.sms_alerts_opt_out
            FROM {User._meta.db_table} u
            WHERE u.civil_id = w.civil_id AND u.is_active
              AND u.identity_proven_at IS NOT NULL AND u.mobile_verified_at IS NOT NULL
              AND u.mobile <> ''
            ORDER BY u.id LIMIT 1
        ) a ON true
        CROSS JOIN LATERAL (VALUES
            (rr.mobile, CASE WHEN {same} THEN a.id END,
             CASE WHEN {same} THEN {account_language} ELSE w.language END,
             w.key || ':registry', COALESCE({same} AND a.sms_alerts_opt_out, false), true),
            (a.mobile, a.id, {account_language}, w.key || ':account',
             COALESCE(a.sms_alerts_opt_out, false), a.id IS NOT NULL AND a.mobile <> rr.mobile)
        ) AS x(mobile, user_id, language, key, opted_out, wanted)
        WHERE x.wanted {"AND NOT x.opted_out" if alert else ""}
    """  # noqa: S608  # nosec B608 # SQL from code, values as parameters
    return sms_enqueue_select(
        template_code=template_code,
        rows_sql=rows,
        params=[*params, *kept_params],
        texts=sms_texts(template_code=template_code, context=context, slots=slots),
        slots=slots,
    )

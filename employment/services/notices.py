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
from collections.abc import Callable, Mapping

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.contact import verified_numbers_for
from accounts.registry import RegistryUnavailableError
from core.services import audit_record
from core.workflow import TransitionNotAllowed, advance, may_move
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


# --- many notices at once ---------------------------------------------------------------------

E164 = r"^\+[1-9][0-9]{7,14}$"


def worker_notices_send_kept(*, notice_ids: list[int], template_code: str) -> int:
    """Send, set-based, the PENDING notices of `notice_ids` (all of `template_code`) whose
    verified numbers are known without asking the civil registry: a kept registry answer
    younger than CIVIL_REGISTRY_MAX_AGE_SECONDS holding a mobile (as
    `verified_numbers_for` reads it), and the worker's own proven account's mobile when it is
    another number. What `_deliver` does one by one, in four statements for all: one ledger row
    per number by one INSERT ... SELECT (`sms_enqueue_select`, keys `<notice key>:registry` and
    `<notice key>:account` as `_deliver` writes them, the text in the account's language for
    its own number, else the notice's, from the notice's kept contexts); then the notices move
    to SENT with their messages linked and one audit event each
    (`employment.worker_notice_sent`). The others stay PENDING for `worker_notices_retry`.
    Returns the notices sent."""

    from accounts.models import RegistryRecord, User
    from core.services import audit_record_select
    from notifications.models import SmsTemplate
    from notifications.services import sms_enqueue_select, sms_texts

    template = SmsTemplate.objects.filter(code=template_code, is_active=True).first()
    if not notice_ids or template is None or template.sensitive_placeholders:
        return 0  # a masked placeholder is filled one by one (sms_enqueue)
    slots = sorted(template.placeholders or [])
    notices = WorkerNotice._meta.db_table
    ledger = SmsMessage._meta.db_table
    alert = template.category == SmsTemplate.Category.ALERT
    max_age = datetime.timedelta(seconds=settings.CIVIL_REGISTRY_MAX_AGE_SECONDS)
    # the notices that can go now, with their numbers: the kept registry mobile, and the proven
    # account (as accounts.contact._proven_account) when it holds another number
    numbered = f"""
        SELECT n.id, n.key, n.language, n.contexts, rr.mobile AS registry,
               a.id AS account_id, a.mobile AS account_mobile,
               COALESCE(NULLIF(a.preferred_language, ''), n.language) AS account_language,
               COALESCE(a.sms_alerts_opt_out, false) AS opted_out
        FROM {notices} n
        JOIN {RegistryRecord._meta.db_table} rr
            ON rr.civil_id = n.civil_id AND rr.fetched_at > now() - %s
           AND rr.mobile ~ %s
        LEFT JOIN LATERAL (
            SELECT u.id, u.mobile, u.preferred_language, u.sms_alerts_opt_out
            FROM {User._meta.db_table} u
            WHERE u.civil_id = n.civil_id AND u.is_active
              AND u.identity_proven_at IS NOT NULL AND u.mobile_verified_at IS NOT NULL
              AND u.mobile <> ''
            ORDER BY u.id LIMIT 1
        ) a ON true
        WHERE n.id = ANY(%s) AND n.status = %s AND n.template_code = %s AND n.civil_id <> ''
    """  # noqa: S608  # nosec B608 # SQL from code, values as parameters
    numbered_params = [max_age, E164, notice_ids, WorkerNotice.Status.PENDING, template_code]

    def filled(language: str) -> str:
        return ", ".join(
            f"COALESCE(k.contexts -> {language} ->> '{slot}', "
            f"k.contexts -> k.language ->> '{slot}', '') AS {slot}"
            for slot in slots
        )

    same = "k.account_mobile = k.registry"
    registry_language = f"CASE WHEN {same} THEN k.account_language ELSE k.language END"
    skip = "AND NOT k.opted_out" if alert else ""
    rows = f"""
        SELECT k.registry AS mobile, CASE WHEN {same} THEN k.account_id END AS user_id,
               {registry_language} AS language, k.key || ':registry' AS key,
               {filled(registry_language)}
        FROM ({numbered}) k
        WHERE NOT (COALESCE({same}, false) AND {"k.opted_out" if alert else "false"})
        UNION ALL
        SELECT k.account_mobile, k.account_id, k.account_language, k.key || ':account',
               {filled("k.account_language")}
        FROM ({numbered}) k
        WHERE k.account_id IS NOT NULL AND k.account_mobile <> k.registry {skip}
    """  # noqa: S608  # nosec B608 # SQL from code, values as parameters
    sms_enqueue_select(
        template_code=template_code,
        rows_sql=rows,
        params=[*numbered_params, *numbered_params],
        texts=sms_texts(template_code=template_code, context={}, slots=slots),
        slots=slots,
    )
    links = WorkerNotice.messages.through._meta.db_table
    pending, sent = WorkerNotice.Status.PENDING, WorkerNotice.Status.SENT
    if not may_move(WorkerNotice, pending, sent):  # pragma: no cover - the table says so
        raise TransitionNotAllowed(WorkerNotice, pending, sent)
    ctes = f"""
        sent AS (
            SELECT k.id, k.key, array_agg(m.id ORDER BY m.id) AS messages,
                   array_remove(ARRAY[
                       'registry',
                       CASE WHEN k.account_id IS NOT NULL AND k.account_mobile <> k.registry
                            THEN 'account' END
                   ], NULL) AS sources
            FROM ({numbered}) k
            CROSS JOIN LATERAL unnest(ARRAY[k.key || ':registry', k.key || ':account']) AS w(key)
            JOIN {ledger} m ON m.idempotency_key = w.key
            GROUP BY k.id, k.key, k.account_id, k.account_mobile, k.registry
        ), moved AS (
            UPDATE {notices} n SET status = %s, sent_at = now(), next_attempt_at = NULL,
                updated_at = now()
            FROM sent s WHERE n.id = s.id AND n.status = %s
            RETURNING n.id, n.key, n.template_code, s.messages, s.sources
        ), linked AS (
            INSERT INTO {links} (workernotice_id, smsmessage_id)
            SELECT mv.id, unnest(mv.messages) FROM moved mv
            ON CONFLICT DO NOTHING
        )
    """  # noqa: S608  # nosec B608 # SQL from code, values as parameters
    return audit_record_select(
        action=f"employment.worker_notice_{WorkerNotice.Status.SENT}",
        object_type=WorkerNotice._meta.label_lower,
        ctes=ctes,
        cte_params=[*numbered_params, sent, pending],
        rows_sql="""
            SELECT mv.id AS object_id, mv.key AS object_repr, NULL::jsonb AS before,
                   jsonb_build_object('key', mv.key, 'template', mv.template_code,
                                      'numbers', to_jsonb(mv.sources),
                                      'messages', to_jsonb(mv.messages)) AS after
            FROM moved mv
        """,  # nosec B608 # SQL from code, values as parameters
    )

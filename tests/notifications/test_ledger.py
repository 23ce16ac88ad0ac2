"""The SMS ledger: written with the change, sent once, retried or settled by the provider's
answer, receipts applied in order only, opt-outs respected."""

from __future__ import annotations

import datetime
import itertools

import pytest
import time_machine
from django.db import transaction

from accounts.models import User
from notifications.models import SmsMessage, SmsTemplate
from notifications.phone import InvalidPhoneNumberError
from notifications.services import (
    SmsTemplateError,
    sms_apply_receipt,
    sms_enqueue,
    sms_enqueue_select,
    sms_reconcile,
    sms_send,
    sms_sweep,
    sms_texts,
)

pytestmark = pytest.mark.django_db

MOBILE = "+96891234567"


@pytest.fixture
def person(make_user) -> User:
    return make_user(mobile=MOBILE, mobile_verified_at=datetime.datetime.now(datetime.UTC))


def _enqueue(person, key="k1", template="permit_decision", **context):
    context = context or {"permit_number": "WP-1", "decision": "approved"}
    return sms_enqueue(
        template_code=template, context=context, idempotency_key=key, recipient=person
    )


class TestEnqueue:
    def test_writes_one_row_in_the_callers_transaction(self, person):
        message = _enqueue(person)

        assert message.status == SmsMessage.Status.CREATED
        assert message.to_number == MOBILE
        assert message.language == "ar"
        assert "WP-1" in message.rendered_text
        assert message.events.count() == 1

    def test_a_rolled_back_change_leaves_no_message(self, person):
        def change_that_fails() -> None:
            with transaction.atomic():
                _enqueue(person)
                raise RuntimeError("the business change failed")

        with pytest.raises(RuntimeError):
            change_that_fails()

        assert SmsMessage.objects.count() == 0

    def test_the_same_idempotency_key_writes_nothing_twice(self, person):
        first = _enqueue(person)
        second = _enqueue(person)

        assert first.pk == second.pk
        assert SmsMessage.objects.count() == 1

    def test_english_speakers_get_english(self, make_user):
        english = make_user(mobile=MOBILE, preferred_language="en")

        message = _enqueue(english)

        assert message.rendered_text.startswith("A decision was made")

    def test_legal_notices_say_so_and_ignore_the_opt_out(self, person):
        person.sms_alerts_opt_out = True
        person.save()

        message = _enqueue(person)

        assert message is not None
        assert "(إشعار رسمي)" in message.rendered_text

    def test_alerts_respect_the_opt_out_and_say_how_to_stop(self, person, make_user):
        alert = {"vacancy_title": "Electrician", "employer": "Al Noor"}
        sent = _enqueue(person, key="a1", template="vacancy_match", **alert)
        person.sms_alerts_opt_out = True
        person.save()
        suppressed = _enqueue(person, key="a2", template="vacancy_match", **alert)

        assert "STOP" in sent.rendered_text
        assert suppressed is None
        assert SmsMessage.objects.count() == 1

    def test_a_one_time_code_is_masked_in_the_ledger(self, person):
        message = _enqueue(person, template="login_code", code="493817")

        assert "493817" not in message.rendered_text
        assert "493817" in message.body_to_send

    @pytest.mark.parametrize(
        ("template", "context"),
        [
            ("no_such_template", {"x": 1}),
            ("permit_decision", {"permit_number": "WP-1"}),  # decision missing
            ("permit_decision", {"permit_number": "WP-1", "decision": "ok", "extra": 1}),
        ],
    )
    def test_unknown_template_or_wrong_placeholders_are_refused(self, person, template, context):
        with pytest.raises(SmsTemplateError):
            sms_enqueue(
                template_code=template, context=context, idempotency_key="x", recipient=person
            )

        assert SmsMessage.objects.count() == 0

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [("٩١٢٣٤٥٦٧", MOBILE), ("9123 4567", MOBILE), ("+968 9123 4567", MOBILE)],
    )
    def test_numbers_are_normalised(self, raw, expected):
        message = sms_enqueue(
            template_code="mobile_verification",
            context={"code": "1"},
            idempotency_key=raw,
            to_number=raw,
        )
        assert message.to_number == expected

    @pytest.mark.parametrize("raw", ["", "abc", "123", "24123456"])
    def test_bad_numbers_are_refused_with_a_clear_error(self, raw):
        with pytest.raises(InvalidPhoneNumberError) as refused:
            sms_enqueue(
                template_code="mobile_verification",
                context={"code": "1"},
                idempotency_key=raw,
                to_number=raw,
            )

        assert refused.value.message
        assert SmsMessage.objects.count() == 0


class TestSend:
    def test_accepted_by_the_provider_once(self, person, fake_sms):
        message = _enqueue(person, template="login_code", code="493817")

        sms_send(message_id=message.pk)
        again = sms_send(message_id=message.pk)

        message.refresh_from_db()
        assert message.status == SmsMessage.Status.SENT
        assert message.provider_sid.startswith("SM")
        assert message.body_to_send == ""
        assert again is None
        assert [m["body"] for m in fake_sms.state.messages] == [
            "رمز الدخول إلى بوابة خدمات العمل: 493817. صالح لمدة 10 دقائق. لا تشاركه مع أحد."
        ]

    @pytest.mark.parametrize("kind", ["429", "500"])
    def test_temporary_errors_are_retried_with_backoff(self, person, fake_sms, kind):
        fake_sms.state.failures.append({"kind": kind, "count": 1})
        message = _enqueue(person)

        sms_send(message_id=message.pk)
        message.refresh_from_db()
        assert message.status == SmsMessage.Status.CREATED
        assert message.next_attempt_at > message.created_at
        assert sms_send(message_id=message.pk) is None  # not due yet

        with time_machine.travel(message.next_attempt_at + datetime.timedelta(seconds=1)):
            sms_send(message_id=message.pk)
        message.refresh_from_db()
        assert message.status == SmsMessage.Status.SENT
        assert len(fake_sms.state.messages) == 1

    def test_backoff_grows_and_stops_at_the_horizon(self, person, fake_sms, settings):
        fake_sms.state.failures.append({"kind": "500", "count": 1000})
        message = _enqueue(person)
        delays = []
        clock = message.created_at
        for _ in range(40):
            with time_machine.travel(clock, tick=False):
                sms_send(message_id=message.pk)
            message.refresh_from_db()
            if message.status == SmsMessage.Status.FAILED:
                break
            delays.append((message.next_attempt_at - clock).total_seconds())
            clock = message.next_attempt_at + datetime.timedelta(seconds=1)

        assert message.status == SmsMessage.Status.FAILED
        assert delays[3] > delays[0] * 4
        assert max(delays) <= settings.SMS_RETRY_MAX_DELAY_SECONDS * 1.2
        assert clock - message.created_at >= datetime.timedelta(
            seconds=settings.SMS_RETRY_HORIZON_SECONDS
        )

    @pytest.mark.parametrize("code", [21211, 21610, 21614, 21635])
    def test_final_errors_are_never_retried(self, person, fake_sms, code):
        fake_sms.state.failures.append({"kind": "final", "code": code, "count": 1})
        message = _enqueue(person, template="login_code", code="111111")

        sms_send(message_id=message.pk)

        message.refresh_from_db()
        assert message.status == SmsMessage.Status.FAILED
        assert message.error_code == str(code)
        assert message.body_to_send == ""
        assert sms_sweep(now=message.created_at + datetime.timedelta(hours=1)) == {
            "nudged": 0,
            "reconciled": 0,
        }

    def test_unreachable_provider_is_retried(self, person, settings):
        from notifications.clients import _provider

        settings.TWILIO_API_BASE_URL = "http://127.0.0.1:1"
        _provider.cache_clear()
        message = _enqueue(person)

        sms_send(message_id=message.pk)

        message.refresh_from_db()
        assert message.status == SmsMessage.Status.CREATED
        _provider.cache_clear()

    def test_a_timeout_after_acceptance_is_reconciled_not_resent(self, person, fake_sms):
        fake_sms.state.failures.append({"kind": "timeout_after_accept", "count": 1})
        message = _enqueue(person)

        sms_send(message_id=message.pk)
        message.refresh_from_db()
        assert message.status == SmsMessage.Status.SENDING
        assert message.needs_reconciliation

        sms_reconcile(message_id=message.pk)
        message.refresh_from_db()
        assert message.status == SmsMessage.Status.SENT
        assert message.provider_sid == fake_sms.state.messages[0]["sid"]
        assert len(fake_sms.state.messages) == 1

    def test_a_message_the_provider_never_got_is_sent_again_after_reconciliation(
        self, person, fake_sms
    ):
        message = _enqueue(person)
        SmsMessage.objects.filter(pk=message.pk).update(
            status=SmsMessage.Status.SENDING, sending_started_at=message.created_at, attempts=1
        )  # as a worker killed before it called the provider leaves it

        sms_sweep(now=message.created_at + datetime.timedelta(minutes=10))

        message.refresh_from_db()
        assert message.status == SmsMessage.Status.SENT
        assert len(fake_sms.state.messages) == 1


class TestReceipts:
    @pytest.fixture
    def sent(self, person, fake_sms) -> SmsMessage:
        message = _enqueue(person)
        sms_send(message_id=message.pk)
        message.refresh_from_db()
        return message

    def _receipt(self, message, status, sid=None, code=""):
        return sms_apply_receipt(
            public_id=message.public_id,
            provider_sid=sid or message.provider_sid,
            provider_status=status,
            error_code=code,
        )

    def test_delivered(self, sent):
        self._receipt(sent, "delivered")

        sent.refresh_from_db()
        assert sent.status == SmsMessage.Status.DELIVERED
        assert sent.delivered_at is not None

    def test_replays_change_nothing(self, sent):
        for _ in range(10):
            self._receipt(sent, "delivered")

        sent.refresh_from_db()
        assert sent.status == SmsMessage.Status.DELIVERED
        assert sent.events.filter(source="receipt").count() == 1

    def test_out_of_order_receipts_never_move_backwards(self, sent):
        self._receipt(sent, "delivered")
        self._receipt(sent, "sent")
        self._receipt(sent, "queued")

        sent.refresh_from_db()
        assert sent.status == SmsMessage.Status.DELIVERED

    def test_a_receipt_for_another_attempt_is_ignored(self, sent):
        self._receipt(sent, "failed", sid="SMsomeolderattempt")

        sent.refresh_from_db()
        assert sent.status == SmsMessage.Status.SENT

    def test_unreachable_handset_is_sent_again(self, sent, fake_sms):
        self._receipt(sent, "undelivered", code="30003")

        sent.refresh_from_db()
        assert sent.status == SmsMessage.Status.CREATED
        with time_machine.travel(sent.next_attempt_at + datetime.timedelta(seconds=1)):
            sms_send(message_id=sent.pk)
        sent.refresh_from_db()
        assert sent.status == SmsMessage.Status.SENT
        assert len(fake_sms.state.messages) == 2

    def test_a_landline_receipt_is_final(self, sent):
        self._receipt(sent, "undelivered", code="30006")

        sent.refresh_from_db()
        assert sent.status == SmsMessage.Status.UNDELIVERED


class TestTemplates:
    def _template(self, **kwargs):
        data = {
            "code": "t1",
            "name": "Test",
            "category": SmsTemplate.Category.SERVICE,
            "body_ar": "مرحبا {name}",
            "body_en": "Hello {name}",
            "placeholders": ["name"],
        }
        return SmsTemplate(**{**data, **kwargs})

    def test_a_complete_template_is_valid(self):
        self._template().full_clean()

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"body_ar": ""}, "body_ar"),
            ({"body_en": "Hello"}, "body_en"),
            ({"body_en": "Hello {name} {other}"}, "body_en"),
            ({"body_ar": "مرحبا {name"}, "body_ar"),
        ],
    )
    def test_a_missing_language_or_placeholder_is_refused(self, change, field):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as refused:
            self._template(**change).full_clean()

        assert field in refused.value.message_dict


class TestNudges:
    def test_one_transaction_nudges_the_relay_in_batches(
        self, person, settings, mocker, django_capture_on_commit_callbacks
    ):
        settings.SMS_BATCH_SIZE = 100
        nudge = mocker.patch("notifications.services.sms_nudge_relay")

        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            for n in range(250):
                sms_enqueue(
                    template_code="mobile_verification",
                    context={"code": "1"},
                    idempotency_key=f"bulk-{n}",
                    to_number="+96891234567",
                )

        sizes = [len(call.kwargs["message_ids"]) for call in nudge.call_args_list]
        assert sizes == [100, 100, 50]

    def test_a_nudge_carries_its_ids_and_names_the_batch_in_the_logs(self, mocker):
        from notifications.services import sms_nudge_relay

        mocker.patch("notifications.services._broker_down_until", 0.0)
        publish = mocker.patch("notifications.tasks.send_sms_batch_task.apply_async")

        sms_nudge_relay(message_ids=[7, 8, 9])

        assert publish.call_args.kwargs["args"] == ([7, 8, 9],)
        assert publish.call_args.kwargs["argsrepr"] == "(3 messages 7..9)"

    def test_a_rolled_back_savepoint_does_not_lose_later_nudges(
        self, person, mocker, django_capture_on_commit_callbacks
    ):
        nudge = mocker.patch("notifications.services.sms_nudge_relay")

        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            try:
                with transaction.atomic():
                    _enqueue(person, key="inner")
                    raise RuntimeError("inner block fails")
            except RuntimeError:
                pass
            kept = _enqueue(person, key="outer")

        nudged = [i for call in nudge.call_args_list for i in call.kwargs["message_ids"]]
        assert kept.pk in nudged
        assert SmsMessage.objects.count() == 1


class TestEnqueueSelect:
    """Many rows in one INSERT ... SELECT (broadcasts, wage-protection warnings)."""

    ROWS = """
        SELECT v.mobile, NULL::bigint AS user_id, v.language, v.key
        FROM (VALUES ('+96891000003', 'en', 'sel-3'), ('+96891000001', 'ar', 'sel-1'),
                     ('+96891000002', 'ar', 'sel-2')) AS v(mobile, language, key)
    """

    TEXTS = {
        "template_code": "permit_decision",
        "context": {"permit_number": "WP-7", "decision": "ok"},
    }

    def _send(self, **pace):
        return sms_enqueue_select(
            template_code="permit_decision",
            rows_sql=self.ROWS,
            params=[],
            texts=sms_texts(**self.TEXTS),
            nudge=False,
            **pace,
        )

    def test_rows_not_paced_are_all_due_at_once_each_in_its_language(self):
        assert self._send() == 3

        rows = SmsMessage.objects.order_by("to_number")
        assert [m.idempotency_key for m in rows] == ["sel-1", "sel-2", "sel-3"]
        assert [m.language for m in rows] == ["ar", "ar", "en"]
        assert len({m.next_attempt_at for m in rows}) == 1
        texts = sms_texts(**self.TEXTS)
        assert [m.rendered_text for m in rows] == [texts[m.language][1] for m in rows]
        # the same rows again write nothing (their keys are claimed)
        assert self._send() == 0
        assert SmsMessage.objects.count() == 3

    def test_paced_rows_fall_due_one_after_another_in_the_order_of_their_numbers(self):
        assert self._send(per_second=1) == 3

        rows = list(SmsMessage.objects.order_by("next_attempt_at"))
        assert [m.to_number for m in rows] == ["+96891000001", "+96891000002", "+96891000003"]
        gaps = [b.next_attempt_at - a.next_attempt_at for a, b in itertools.pairwise(rows)]
        assert gaps == [datetime.timedelta(seconds=1)] * 2

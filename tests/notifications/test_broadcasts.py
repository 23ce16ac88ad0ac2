"""Mass notifications by segment: composed, approved by a second person, queued set-based into
the SMS ledger (one message per worker with a mobile, in the worker's language), and counted
from the ledger as the relay and the receipts move the messages."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import RegistryRecord, User
from core.models import AuditEvent
from employers.models import Employee
from notifications.broadcasts import (
    BroadcastError,
    broadcast_audience,
    broadcast_decide,
    broadcast_run_process,
    broadcast_save,
    broadcast_send,
    broadcast_submit,
    broadcast_withdraw,
)
from notifications.models import Broadcast, BroadcastRun, SmsMessage
from notifications.segments import segment_filters
from notifications.selectors import broadcast_statistics
from notifications.services import sms_apply_receipt
from tests.factories import EconomicActivityFactory, EstablishmentFactory

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
TEXTS = {
    "body_ar": "تنبيه: موجة حر، لا عمل في الظهيرة.",
    "body_en": "Alert: heat wave, no work at midday.",
    "worker_bodies": {"hi": "चेतावनी: लू, दोपहर में काम नहीं।", "ur": "انتباہ: لو، دوپہر میں کام نہیں۔"},
}


def _seed(establishment, count: int, *, start: int, omani: bool = False) -> dict[str, dict]:
    """`count` workers of `establishment`. Worker i: i % 10 == 0 has no mobile anywhere;
    1-5 has a proven account (language cycling through every language, alerts off when
    i % 7 == 0); 6-9 only the civil registry's mobile. Returns each mobile's expectations."""
    now = timezone.now()
    employees, users, records = [], [], []
    expected: dict[str, dict] = {}
    for i in range(start, start + count):
        civil_id = str(60_000_000 + i)
        employees.append(
            Employee(
                establishment=establishment,
                civil_id=civil_id,
                passport_number=None if omani else f"B{i}",
                name_ar="عامل",
                name_en=f"Worker {i}",
                nationality=Employee.OMANI if omani else ("IND", "BGD", "PHL")[i % 3],
                occupation_code="7112",
                job_level=Employee.JobLevel.OPERATIONAL,
                monthly_salary=Decimal(200),
                contract_start=datetime.date(2024, 1, 1),
            )
        )
        mobile = f"+9689{i:07d}"
        kind = i % 10
        if kind == 0:
            continue
        if kind <= 5:
            language = LANGUAGES[i % len(LANGUAGES)]
            users.append(
                User(
                    username=f"worker-{i}",
                    role=User.Role.JOBSEEKER,
                    civil_id=civil_id,
                    mobile=mobile,
                    mobile_verified_at=now,
                    identity_proven_at=now,
                    preferred_language=language,
                    sms_alerts_opt_out=i % 7 == 0,
                )
            )
            expected[mobile] = {"language": language, "opted_out": i % 7 == 0, "account": True}
        else:
            records.append(RegistryRecord(civil_id=civil_id, mobile=mobile, fetched_at=now))
            expected[mobile] = {"language": "ar", "opted_out": False, "account": False}
    Employee.objects.bulk_create(employees)
    User.objects.bulk_create(users)
    RegistryRecord.objects.bulk_create(records)
    return {} if omani else expected


@pytest.fixture
def policy(make_user):
    return make_user(User.Role.POLICY)


@pytest.fixture
def approver(make_user):
    return make_user(User.Role.APPROVER)


def _compose(policy, *, kind=Broadcast.Kind.ALERT, segment=None, **texts) -> Broadcast:
    return broadcast_save(
        broadcast=Broadcast(
            title="Heat wave",
            kind=kind,
            segment=segment if segment is not None else {"governorate": ["muscat"]},
            **{**TEXTS, **texts},
        ),
        actor=policy,
    )


def _sent_language(broadcast: Broadcast, language: str) -> str:
    return language if broadcast.text_for(language) else "ar"


def test_a_segmented_broadcast_to_10000_workers_queues_one_message_each_in_their_language(
    policy, approver, django_capture_on_commit_callbacks, monkeypatch
):
    # given 10,000 foreign workers in Muscat, 300 in Dhofar, and Omanis in Muscat
    muscat = EstablishmentFactory(governorate="muscat")
    dhofar = EstablishmentFactory(governorate="dhofar")
    expected = _seed(muscat, 10_000, start=0)
    outside = _seed(dhofar, 300, start=20_000)
    _seed(muscat, 50, start=30_000, omani=True)
    nudged: list[list[int]] = []
    monkeypatch.setattr(
        "notifications.broadcasts.sms_nudge_relay",
        lambda *, message_ids: nudged.append(message_ids),
    )
    broadcast = _compose(policy)
    audience = broadcast_audience(broadcast=broadcast)
    reachable = {m: e for m, e in expected.items() if not e["opted_out"]}
    assert audience.workers == 10_000
    assert audience.without_mobile == 1_000
    assert audience.recipients == len(reachable)

    # when it is submitted, approved by a second person, and its background send runs
    broadcast_submit(broadcast=broadcast, actor=policy)
    with django_capture_on_commit_callbacks(execute=True):
        broadcast_decide(broadcast=broadcast, actor=approver, approve=True)

    # then one message per worker with a mobile, alerts off respected, each in their language
    broadcast.refresh_from_db()
    assert broadcast.status == Broadcast.Status.SENT
    rows = list(
        SmsMessage.objects.filter(broadcast=broadcast).values_list(
            "to_number", "language", "rendered_text", "category"
        )
    )
    numbers = Counter(number for number, *_rest in rows)
    assert set(numbers) == set(reachable)
    assert max(numbers.values()) == 1
    assert broadcast.queued == len(reachable) == broadcast.recipients_at_approval
    assert not set(numbers) & set(outside)
    for number, language, text, category in rows:
        sent = _sent_language(broadcast, reachable[number]["language"])
        assert language == sent
        assert text.startswith(broadcast.text_for(sent))
        assert category == "alert"
    assert {language for _n, language, _t, _c in rows} == {"ar", "en", "hi", "ur"}
    run = BroadcastRun.objects.get(broadcast=broadcast)
    assert run.succeeded
    assert run.processed == len(reachable)
    # the relay is nudged for the rows due now; the rest fall due SMS_BROADCAST_PER_SECOND a second
    assert 0 < sum(len(ids) for ids in nudged) <= settings.SMS_BROADCAST_PER_SECOND
    due = SmsMessage.objects.filter(broadcast=broadcast).order_by("next_attempt_at")
    spread = due.last().next_attempt_at - due.first().next_attempt_at
    assert spread >= datetime.timedelta(
        seconds=(len(reachable) - 1) / settings.SMS_BROADCAST_PER_SECOND - 1
    )

    # and sending again queues nothing new
    assert broadcast_send(broadcast_id=broadcast.pk) == 0
    assert broadcast_run_process(run_id=run.pk) is None
    assert SmsMessage.objects.filter(broadcast=broadcast).count() == len(reachable)

    # when receipts arrive for some of them
    ids = list(
        SmsMessage.objects.filter(broadcast=broadcast)
        .order_by("id")
        .values_list("public_id", flat=True)
    )
    outcomes = {
        "delivered": ids[:400],
        "sent": ids[400:700],
        "failed": ids[700:760],
        "undelivered": ids[760:800],
    }
    for status, public_ids in outcomes.items():
        for n, public_id in enumerate(public_ids):
            sms_apply_receipt(
                public_id=public_id,
                provider_sid=f"SM{status}{n}",
                provider_status=status,
                error_code="30006" if status == "undelivered" else "",
            )

    # then the statistics per language and in total match the receipts
    figures = broadcast_statistics(broadcast=broadcast)
    total = figures[-1]
    assert total.language == ""
    assert (total.queued, total.delivered, total.sent, total.failed) == (
        len(reachable),
        400,
        300,
        100,
    )
    assert total.waiting == len(reachable) - 800
    ledger = Counter(
        SmsMessage.objects.filter(broadcast=broadcast).values_list("language", "status")
    )
    for row in figures[:-1]:
        assert row.queued == sum(
            n for (language, _s), n in ledger.items() if language == row.language
        )
        assert row.delivered == ledger[(row.language, "delivered")]
        assert (
            row.failed == ledger[(row.language, "failed")] + ledger[(row.language, "undelivered")]
        )


def test_an_official_notice_reaches_workers_who_switched_alerts_off(policy, approver):
    establishment = EstablishmentFactory(governorate="muscat")
    expected = _seed(establishment, 140, start=0)
    broadcast = _compose(policy, kind=Broadcast.Kind.NOTICE)
    broadcast_submit(broadcast=broadcast, actor=policy)
    broadcast_decide(broadcast=broadcast, actor=approver, approve=True)

    written = broadcast_send(broadcast_id=broadcast.pk)

    numbers = set(
        SmsMessage.objects.filter(broadcast=broadcast).values_list("to_number", flat=True)
    )
    assert written == len(expected) == len(numbers)
    assert numbers == set(expected)
    assert any(e["opted_out"] for e in expected.values())
    assert set(
        SmsMessage.objects.filter(broadcast=broadcast).values_list("category", flat=True)
    ) == {"legal"}


@pytest.mark.parametrize(
    ("segment", "count"),
    [
        ({"nationality": ["PHL"]}, 18),  # i % 3 == 2 among the 54 with a mobile
        ({"employer": ["7100001"]}, 54),
        ({"language": ["en"]}, 4),
        ({"activity": ["9999"]}, 0),
    ],
)
def test_each_filter_narrows_the_segment(policy, segment, count):
    activity = EconomicActivityFactory(code="4321")
    establishment = EstablishmentFactory(cr_number="7100001", activity=activity)
    _seed(establishment, 60, start=0)
    EconomicActivityFactory(code="9999")
    broadcast = _compose(policy, kind=Broadcast.Kind.NOTICE, segment=segment)

    assert broadcast_audience(broadcast=broadcast).recipients == count


def test_every_app_filter_is_offered():
    assert {f.code for f in segment_filters()} >= {
        "status", "reason", "employer", "activity", "governorate", "nationality", "language",
    }  # fmt: skip


def test_the_author_cannot_approve_and_a_refusal_needs_a_reason(policy, approver):
    establishment = EstablishmentFactory(governorate="muscat")
    _seed(establishment, 20, start=0)
    broadcast = _compose(policy)
    broadcast_submit(broadcast=broadcast, actor=policy)

    with pytest.raises(BroadcastError):
        broadcast_decide(broadcast=broadcast, actor=policy, approve=True)
    with pytest.raises(BroadcastError):
        broadcast_decide(broadcast=broadcast, actor=approver, approve=False)
    broadcast.refresh_from_db()
    assert broadcast.status == Broadcast.Status.SUBMITTED
    assert not BroadcastRun.objects.exists()

    broadcast_decide(broadcast=broadcast, actor=approver, approve=False, note="Wrong segment.")
    broadcast.refresh_from_db()
    assert broadcast.status == Broadcast.Status.REJECTED
    assert broadcast_send(broadcast_id=broadcast.pk) == 0
    assert not SmsMessage.objects.filter(broadcast=broadcast).exists()
    assert list(
        AuditEvent.objects.filter(
            object_id=str(broadcast.pk), action__startswith="notifications.broadcast"
        )
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "notifications.broadcast_saved",
        "notifications.broadcast_submitted",
        "notifications.broadcast_refused",
    ]


def test_bad_input_is_refused_and_nothing_is_saved(policy):
    with pytest.raises(ValidationError) as error:
        _compose(policy, segment={"governorate": ["atlantis"]}, worker_bodies={"de": "Hallo"})
    assert {"segment_governorate", "worker_bodies"} <= set(error.value.message_dict)
    assert not Broadcast.objects.exists()


def test_only_the_author_changes_or_withdraws_a_draft(policy, make_user):
    broadcast = _compose(policy)
    other = make_user(User.Role.POLICY)

    broadcast.title = "Changed"
    with pytest.raises(BroadcastError):
        broadcast_save(broadcast=broadcast, actor=other)
    with pytest.raises(BroadcastError):
        broadcast_withdraw(broadcast=broadcast, actor=other)

    broadcast_withdraw(broadcast=broadcast, actor=policy)
    broadcast.refresh_from_db()
    assert (broadcast.title, broadcast.status) == ("Heat wave", Broadcast.Status.CANCELLED)

"""Issue 17, retention as data: a nightly sweep deletes or anonymises each class of personal
data past the period of the retention rule set in force, audits the counts, and leaves what a
legal hold keeps."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from accounts.models import RefusedAttempt, SmsCode
from accounts.services import refused_attempt_count
from core.models import AuditEvent, RetentionPeriod
from core.retention import data_classes, retention_sweep
from sanad.models import Consent, SanadComplaint, Scope
from tests.factories import UserFactory, WorkforceImportFactory
from tests.sanad.helpers import active_consent, clerk

pytestmark = pytest.mark.django_db


def _period(code: str) -> int:
    return RetentionPeriod.objects.get(rule_set__status="published", data_class=code).days


def _code() -> SmsCode:
    return SmsCode.objects.create(
        user=UserFactory.create(),
        phone="+96892000001",
        purpose=SmsCode.Purpose.LOGIN,
        code_hash="x" * 64,
        expires_at=timezone.now(),
    )


def _closed_consent(civil_id: str, *, complained: bool = False) -> Consent:
    person = UserFactory.create(civil_id=civil_id)
    consent = active_consent(clerk(), person, [Scope.JOBSEEKER])
    Consent.objects.filter(pk=consent.pk).update(status=Consent.Status.ENDED)
    if complained:
        SanadComplaint.objects.create(consent=consent, person=person, text="Rude clerk.")
    return consent


def test_every_class_a_rule_names_is_registered_by_an_app():
    registered = {c.code for c in data_classes()}
    assert (
        set(
            RetentionPeriod.objects.filter(rule_set__status="published").values_list(
                "data_class", flat=True
            )
        )
        <= registered
    )
    assert registered >= {
        "sms_codes",
        "refused_attempts",
        "data_exports",
        "rejected_records",
        "import_files",
        "closed_consents",
    }


def test_past_its_period_each_class_goes_and_the_counts_are_audited():
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        code = _code()
        refused_attempt_count(kind=RefusedAttempt.Kind.G2G, key="missing", address="10.0.0.1")
        workforce_import = WorkforceImportFactory.create(finished_at=start)
        consent = _closed_consent("81234567")
        held = _closed_consent("81234568", complained=True)

    # a day before the shortest period ends, nothing has gone
    shortest = min(_period(c) for c in ("sms_codes", "refused_attempts", "import_files"))
    with time_machine.travel(start + datetime.timedelta(days=shortest - 1), tick=False):
        before = retention_sweep()
    assert SmsCode.objects.filter(pk=code.pk).exists()
    assert before["sms_codes"] == 0

    longest = max(
        _period(c) for c in ("sms_codes", "refused_attempts", "import_files", "closed_consents")
    )
    with time_machine.travel(start + datetime.timedelta(days=longest + 1), tick=False):
        counts = retention_sweep()

    assert not SmsCode.objects.filter(pk=code.pk).exists()
    assert not RefusedAttempt.objects.exists()
    workforce_import.refresh_from_db()
    assert workforce_import.stored_path == ""
    assert workforce_import.rejected_rows == []
    assert workforce_import.rejected_count == 1  # the counts stay
    consent.refresh_from_db()
    assert consent.civil_id_entered == ""
    held.refresh_from_db()
    assert held.civil_id_entered == "81234568"  # a complaint holds it
    assert counts["sms_codes"] == 1
    assert counts["closed_consents"] == 1
    event = AuditEvent.objects.filter(action="core.retention_swept").latest("occurred_at")
    assert event.after["counts"] == counts


def test_a_class_without_a_period_in_force_is_kept():
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        code = _code()
    RetentionPeriod.objects.filter(data_class="sms_codes").delete()

    with time_machine.travel(start + datetime.timedelta(days=3650), tick=False):
        counts = retention_sweep()

    assert "sms_codes" not in counts
    assert SmsCode.objects.filter(pk=code.pk).exists()


def test_the_sweep_works_in_batches_and_finishes(settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(7):
            _code()
    with time_machine.travel(start + datetime.timedelta(days=_period("sms_codes") + 1)):
        counts = retention_sweep(batch=3)

    assert counts["sms_codes"] == 7
    assert not SmsCode.objects.exists()


def test_the_audit_trail_is_pseudonymised_by_its_procedure_and_stays_append_only():
    from core.retention import audit_pseudonymise

    person = UserFactory.create(full_name_en="Salim Al Harthy")
    other = UserFactory.create()
    about = AuditEvent.objects.create(
        actor=person,
        actor_label="",
        subject=person,
        action="accounts.login",
        object_repr="Salim Al Harthy",
        after={"mobile": "+96891234567"},
        ip_address="10.1.2.3",
    )
    unrelated = AuditEvent.objects.create(actor=other, action="accounts.login", object_repr="x")

    assert audit_pseudonymise(person_id=person.pk) == 1
    assert audit_pseudonymise(person_id=person.pk) == 0  # once is enough

    about.refresh_from_db()
    assert about.object_repr.startswith("pseudonymised:")
    assert about.after == {"pseudonymised": True}
    assert about.ip_address is None
    assert (about.action, about.actor_id, about.subject_id) == (
        "accounts.login",
        person.pk,
        person.pk,
    )
    unrelated.refresh_from_db()
    assert unrelated.object_repr == "x"
    # a plain UPDATE is still refused, even with the procedure's flag set by hand for a field
    # the procedure may not touch
    forged = "UPDATE core_auditevent SET action = 'forged' WHERE id = %s"
    with pytest.raises(Exception, match="append-only"):
        _raw(forged, [unrelated.pk], flag=True)
    with pytest.raises(Exception, match="append-only"):
        _raw("UPDATE core_auditevent SET object_repr = 'y' WHERE id = %s", [unrelated.pk])


def _raw(sql: str, params: list[int], *, flag: bool = False) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        if flag:
            cursor.execute("SELECT set_config('portal.audit_pseudonymise', 'on', true)")
        cursor.execute(sql, params)


def test_closed_accounts_have_their_audit_events_pseudonymised_after_the_period():
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        closed = UserFactory.create(is_active=False, last_login=start)
        open_account = UserFactory.create(last_login=start)
        AuditEvent.objects.create(actor=closed, subject=closed, action="accounts.login")
        AuditEvent.objects.create(actor=open_account, subject=open_account, action="accounts.login")

    with time_machine.travel(
        start + datetime.timedelta(days=_period("closed_account_audit") + 1), tick=False
    ):
        counts = retention_sweep()

    assert counts["closed_account_audit"] == 1
    assert AuditEvent.objects.get(subject=closed).object_repr.startswith("pseudonymised:")
    assert not AuditEvent.objects.get(subject=open_account).object_repr.startswith("pseudonymised")

"""The staff pages of the syncs: what they show, pause, resume and re-run (role access is in
tests/test_staff_access.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from core.models import AuditEvent
from integrations.entities import Entity
from integrations.models import InsuredEmployment, RejectedRecord, SyncRun, SyncSource
from integrations.services import sync_run

pytestmark = pytest.mark.django_db

SI = Entity.SOCIAL_INSURANCE


def _source() -> SyncSource:
    return SyncSource.objects.get(entity=SI)


class TestPauseResumeRerun:
    def test_pause_stops_scheduled_runs_and_is_audited(self, staff_client, stub, waits):
        client = staff_client(User.Role.POLICY)

        response = client.post(reverse("integrations:staff-pause"), {"entity": SI})

        assert response.status_code == 302
        assert _source().paused
        assert sync_run(entity=SI) is None
        assert InsuredEmployment.objects.count() == 0
        event = AuditEvent.objects.get(action="integrations.sync_paused")
        assert (event.before, event.after) == ({"paused": False}, {"paused": True})

    def test_resume_lets_the_next_run_continue(self, staff_client, stub, waits):
        client = staff_client(User.Role.APPROVER)
        client.post(reverse("integrations:staff-pause"), {"entity": SI})

        client.post(reverse("integrations:staff-resume"), {"entity": SI})

        assert not _source().paused
        assert sync_run(entity=SI).status == SyncRun.Status.SUCCEEDED
        assert AuditEvent.objects.filter(action="integrations.sync_resumed").count() == 1

    def test_pausing_a_paused_or_resuming_a_running_sync_changes_and_audits_nothing(
        self, staff_client
    ):
        client = staff_client(User.Role.POLICY)
        client.post(reverse("integrations:staff-resume"), {"entity": SI})  # running already
        client.post(reverse("integrations:staff-pause"), {"entity": SI})

        client.post(reverse("integrations:staff-pause"), {"entity": SI})  # paused already

        assert _source().paused
        assert list(
            AuditEvent.objects.filter(action__startswith="integrations.sync_").values_list(
                "action", flat=True
            )
        ) == ["integrations.sync_paused"]

    def test_rerun_queues_a_run_now(
        self, staff_client, stub, waits, django_capture_on_commit_callbacks
    ):
        client = staff_client(User.Role.POLICY)

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("integrations:staff-rerun"), {"entity": SI})

        assert response.status_code == 302
        run = SyncRun.objects.get()
        assert run.trigger == SyncRun.Trigger.STAFF
        assert run.requested_by.role == User.Role.POLICY
        assert run.created == 3000
        assert AuditEvent.objects.filter(action="integrations.sync_rerun_requested").count() == 1

    def test_rerun_from_the_start_reads_everything_again(
        self, staff_client, stub, waits, django_capture_on_commit_callbacks
    ):
        sync_run(entity=SI)
        client = staff_client(User.Role.POLICY)

        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("integrations:staff-rerun"), {"entity": SI, "from_start": "on"})

        run = SyncRun.objects.filter(trigger=SyncRun.Trigger.STAFF).get()
        assert (run.fetched, run.unchanged) == (3000, 3000)

    def test_a_paused_sync_is_not_rerun(
        self, staff_client, stub, waits, django_capture_on_commit_callbacks
    ):
        client = staff_client(User.Role.POLICY)
        client.post(reverse("integrations:staff-pause"), {"entity": SI})

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("integrations:staff-rerun"), {"entity": SI}, follow=True)

        assert SyncRun.objects.count() == 0
        page = response.content.decode()
        refusals = []
        for language in ("ar", "en"):  # the page answers in the language of its address
            with translation.override(language):
                refusals.append(translation.gettext("This sync is paused: resume it first."))
        assert any(refusal in page for refusal in refusals)

    def test_an_unknown_entity_changes_nothing(self, staff_client):
        client = staff_client(User.Role.POLICY)

        response = client.post(
            reverse("integrations:staff-pause"), {"entity": "tax_office"}, follow=True
        )

        assert response.status_code == 200
        assert not SyncSource.objects.filter(paused=True).exists()
        assert not AuditEvent.objects.filter(action__startswith="integrations.").exists()

    def test_the_buttons_need_the_csrf_token(self, make_user):
        from django.test import Client

        from tests.conftest import sign_in_staff

        client = Client(enforce_csrf_checks=True)
        sign_in_staff(client, make_user(User.Role.POLICY))

        response = client.post(reverse("integrations:staff-pause"), {"entity": SI})

        assert response.status_code == 403
        assert not _source().paused


class TestPages:
    def test_the_overview_shows_each_entity_and_when_it_last_answered(
        self, staff_client, stub, waits
    ):
        sync_run(entity=SI)
        client = staff_client(User.Role.ANALYST)

        body = client.get("/en/staff/integrations/").content.decode()

        for entity in Entity:
            assert str(entity.label) in body
        answered = _source().last_answered_at
        assert answered.astimezone().strftime("%Y-%m-%d") in body
        assert "3000 fetched, 3000 new" in body
        # an analyst reads but has no buttons
        assert reverse("integrations:staff-pause") not in body

    def test_refused_payloads_are_shown_as_text_never_as_markup(self, staff_client, stub, waits):
        stub.control({"entity": SI, "modes": {"malformed_every": 10}})
        sync_run(entity=SI)
        client = staff_client(User.Role.OFFICER)

        body = client.get(
            "/en/staff/integrations/rejected/", {"entity": SI, "reason": "markup"}
        ).content.decode()

        assert RejectedRecord.objects.filter(reason="markup").exists()
        assert "<script>" not in body
        assert "&lt;script&gt;alert(" in body

    def test_runs_list_filters_by_entity_and_status(self, staff_client, stub, waits, settings):
        sync_run(entity=SI)
        settings.INTEGRATIONS_STUB_URL = "http://127.0.0.1:1"
        sync_run(entity=Entity.COMMERCE_REGISTRY)
        client = staff_client(User.Role.OFFICER)

        failed = client.get("/en/staff/integrations/runs/", {"status": "failed"}).content.decode()

        assert "EntityUnavailable" in failed
        assert "Commerce registry" in failed
        assert "Social insurance</td>" not in failed

    def test_lists_do_not_grow_queries_with_rows(
        self, staff_client, stub, waits, django_assert_max_num_queries
    ):
        stub.control({"entity": "*", "modes": {"malformed_every": 50}})
        for entity in Entity.values:
            sync_run(entity=entity)
        client = staff_client(User.Role.OFFICER)

        for url in ("/en/staff/integrations/", "/en/staff/integrations/runs/"):
            with django_assert_max_num_queries(15):
                assert client.get(url).status_code == 200
        with django_assert_max_num_queries(15):
            assert client.get("/en/staff/integrations/rejected/").status_code == 200

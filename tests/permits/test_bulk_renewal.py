"""Bulk renewal of 1,000 permits from the renewal worklist: the job runs in the background
(eagerly here), records each permit's outcome, and its page shows the progress and then the
outcome of every permit, page by page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from notifications.models import SmsMessage
from permits.models import BulkRenewal, Permit
from permits.selectors import permit_rule_set_in_force
from tests.conftest import sign_in
from tests.factories import EstablishmentFactory, MembershipFactory
from tests.permits.employer_helpers import permit_row, signed_in

pytestmark = pytest.mark.django_db

TOTAL = 1000
REVIEWED = 5  # passport ends too soon after the new start: the check fails, an officer decides
REFUSED = 3  # passport already expired: the renewal is not filed at all


@pytest.mark.slow
def test_a_thousand_permits_are_renewed_with_an_outcome_each(
    client, django_capture_on_commit_callbacks
):
    # given 1,000 issued permits ending inside the renewal window; no one has a mobile number,
    # so no SMS is written (the texts of a renewal are tested with the single renewal)
    establishment = EstablishmentFactory.create()
    sign_in(client, MembershipFactory.create(establishment=establishment).user)
    today = timezone.localdate()
    rule_set = permit_rule_set_in_force(on=today)
    rows = [permit_row(establishment, rule_set=rule_set, worker_mobile="") for _ in range(TOTAL)]
    for row in rows[:REVIEWED]:
        row.passport_expiry = today + datetime.timedelta(days=60)
    for row in rows[REVIEWED : REVIEWED + REFUSED]:
        row.passport_expiry = today - datetime.timedelta(days=1)
    permits = Permit.objects.bulk_create(rows)
    reviewed = {permit.pk for permit in permits[:REVIEWED]}
    refused = {permit.pk for permit in permits[REVIEWED : REVIEWED + REFUSED]}
    base = f"/en/employer/{establishment.pk}/permits/renewals/"
    worklist = client.get(base)
    assert worklist.context["page"].paginator.count == TOTAL

    # when the representative renews them all
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{base}bulk/", {"permit": [permit.pk for permit in permits]})

    # then the job has finished with one outcome per permit
    bulk = BulkRenewal.objects.get(establishment=establishment)
    assert response["Location"] == f"{base}bulk/{bulk.pk}/"
    assert bulk.status == BulkRenewal.Status.SUCCEEDED
    assert bulk.total == bulk.processed == len(bulk.outcomes) == TOTAL
    assert (bulk.renewed_count, bulk.review_count, bulk.refused_count) == (
        TOTAL - REVIEWED - REFUSED,
        REVIEWED,
        REFUSED,
    )
    assert not SmsMessage.objects.exists()
    outcomes = {row["permit_id"]: row for row in bulk.outcomes}
    assert set(outcomes) == {permit.pk for permit in permits}

    old = {permit.pk: permit for permit in Permit.objects.filter(pk__in=outcomes)}
    renewals = {
        permit.previous_permit_id: permit
        for permit in Permit.objects.filter(previous_permit_id__in=outcomes)
    }
    for permit_id, row in outcomes.items():
        if permit_id in refused:
            assert row["outcome"] == "refused"
            assert "The passport has expired" in row["reason"]
            assert old[permit_id].status == Permit.Status.ACTIVE
            assert permit_id not in renewals
        elif permit_id in reviewed:
            assert row["outcome"] == "review"
            assert "The passport expires on" in row["reason"]
            assert renewals[permit_id].status == Permit.Status.SUBMITTED
            assert row["new_number"] == renewals[permit_id].number
            assert old[permit_id].status == Permit.Status.ACTIVE
        else:
            assert row["outcome"] == "renewed", row
            assert old[permit_id].status == Permit.Status.RENEWED
            assert renewals[permit_id].status == Permit.Status.ACTIVE
            assert row["new_number"] == renewals[permit_id].number

    # and the progress panel shows the counts, then the outcomes 100 at a time
    panel = client.get(f"{base}bulk/{bulk.pk}/progress/").content.decode()
    assert "1000 of 1000 permits processed (100%)" in panel
    assert 'value="100"' in panel
    assert "hx-trigger" not in panel  # finished: no more polling
    counts = panel.split('id="bulk-counts"', 1)[1].split("</dl>", 1)[0]
    assert f'<dd class="col-sm-8">{TOTAL - REVIEWED - REFUSED}</dd>' in counts
    assert f'<dd class="col-sm-8">{REVIEWED}</dd>' in counts
    assert f'<dd class="col-sm-8">{REFUSED}</dd>' in counts
    assert panel.count("<tr") == 101  # header and 100 permits
    assert "Page 1 of 10" in panel

    only_review = client.get(f"{base}bulk/{bulk.pk}/", {"outcome": "review"}).content.decode()
    assert only_review.count("The passport expires on") == REVIEWED
    assert "Sent to an officer" in only_review

    # and the worklist keeps only the refused permits (the reviewed ones have a renewal waiting)
    assert client.get(base).context["page"].paginator.count == REFUSED


def test_the_progress_panel_polls_while_the_job_runs(client):
    establishment = EstablishmentFactory.create()
    user = signed_in(client, establishment)
    bulk = BulkRenewal.objects.create(
        establishment=establishment,
        requested_by=user,
        permit_ids=[1, 2, 3, 4],
        total=4,
        processed=1,
        renewed_count=1,
        status=BulkRenewal.Status.RUNNING,
    )
    base = f"/en/employer/{establishment.pk}/permits/renewals/bulk/{bulk.pk}/"

    panel = client.get(f"{base}progress/").content.decode()
    page = client.get(base).content.decode()

    assert f'hx-get="{base}progress/"' in panel
    assert 'hx-trigger="every 1s"' in panel
    assert "1 of 4 permits processed (25%)" in panel
    assert 'value="25"' in panel
    assert f'href="{base}"' in panel  # a plain Refresh link for browsers without JavaScript
    assert "<html" not in panel
    assert "<html" in page
    assert 'id="bulk-progress"' in page

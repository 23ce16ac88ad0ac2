"""Issue 17, finding 7: a Sanad clerk who downloads a private document for a person leaves the
person a receipt of it, as for any act done for them."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from core.models import AuditEvent
from sanad.models import SanadReceipt, Scope
from tests.permits.staff_helpers import queued_case, stored_document
from tests.sanad.helpers import active_consent, clerk, delegate, make_consenting

pytestmark = pytest.mark.django_db


def test_a_clerk_downloading_a_passport_scan_leaves_the_representative_a_receipt():
    permit = queued_case()
    document = stored_document(permit)
    representative = make_consenting(permit.applied_by)
    assert representative.role == User.Role.EMPLOYER
    worker = clerk()
    consent = active_consent(
        worker, representative, [Scope.PERMITS], establishment=permit.establishment
    )
    client = delegate(Client(), worker, consent)

    response = client.get(
        f"/en/employer/{permit.establishment_id}/permits/{permit.pk}/documents/{document.pk}/"
    )

    assert response.status_code == 200
    event = AuditEvent.objects.get(action="permits.document_downloaded")
    assert event.actor == worker
    receipt = SanadReceipt.objects.get(audit_event=event)
    assert receipt.person == representative
    assert receipt.consent == consent

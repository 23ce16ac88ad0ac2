"""Ministry staff register accommodation operators from a staff page (not only the Django
admin), with the representative known by civil or resident number and, for an establishment
housing its own workers, the establishment; they suspend and reactivate operators. Every change
is audited; bad input is refused with a translated error and saves nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from accommodation.models import Operator
from accounts.models import User
from core.models import AuditEvent
from tests.accommodation.helpers import person, site_with_rooms
from tests.conftest import sign_in, sign_in_staff
from tests.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db


def _form(**extra):
    return {
        "name_ar": "قرية عمال الرسيل",
        "name_en": "Rusayl Workers' Village",
        "cr_number": "1234567",
        "representative_civil_id": "71230001",
        "establishment_cr_number": "",
        **extra,
    }


def test_staff_register_an_operator_whose_representative_then_runs_it(client, make_user):
    # given an approver, and an establishment that houses its own workers
    establishment = EstablishmentFactory()
    sign_in_staff(client, make_user(User.Role.APPROVER))

    # when they register the operator for it
    response = client.post(
        reverse("accommodation:staff-operator-register"),
        _form(establishment_cr_number=establishment.cr_number),
    )

    # then the operator is registered, linked and audited, and listed
    operator = Operator.objects.get()
    assert response.status_code == 302
    assert (operator.establishment, operator.representative_civil_id, operator.status) == (
        establishment,
        "71230001",
        Operator.Status.ACTIVE,
    )
    assert AuditEvent.objects.filter(action="accommodation.operator_registered").count() == 1
    listing = client.get(reverse("accommodation:staff-operators"), {"q": "1234567"})
    assert "Rusayl" in listing.content.decode()

    # and the representative, signed in with that number proven, reaches the operator's pages
    client.logout()
    sign_in(client, person("71230001"))
    assert client.get(reverse("accommodation:operator-sites")).status_code == 200


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("representative_civil_id", "12ab"),
        ("establishment_cr_number", "9999999"),
    ],
)
def test_bad_input_is_refused_in_arabic_and_saves_nothing(client, make_user, field, value):
    sign_in_staff(client, make_user(User.Role.OFFICER))

    with translation.override("ar"):
        response = client.post(
            reverse("accommodation:staff-operator-register"), _form(**{field: value})
        )

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Operator.objects.exists()
    assert not AuditEvent.objects.filter(action="accommodation.operator_registered").exists()


def test_an_establishment_operates_one_accommodation_only(client, make_user):
    establishment = EstablishmentFactory()
    Operator.objects.create(name_ar="مشغل", establishment=establishment)
    sign_in_staff(client, make_user(User.Role.APPROVER))

    response = client.post(
        reverse("accommodation:staff-operator-register"),
        _form(establishment_cr_number=establishment.cr_number),
    )

    assert response.status_code == 200
    assert Operator.objects.count() == 1


def test_a_suspended_operator_s_people_are_refused_until_it_is_reactivated(client, make_user):
    # given an operator with a site, run by its representative
    operator = Operator.objects.create(name_ar="مشغل", representative_civil_id="71230002")
    site_with_rooms(operator)
    representative = person("71230002")
    staff = make_user(User.Role.APPROVER)
    status_url = reverse("accommodation:staff-operator-status", args=[operator.pk])
    sign_in_staff(client, staff)

    # when staff try to suspend it without a reason: refused, nothing changed
    client.post(status_url, {"status": "suspended", "reason": ""})
    operator.refresh_from_db()
    assert operator.status == Operator.Status.ACTIVE

    # when they suspend it with a reason
    client.post(
        status_url, {"status": "suspended", "reason": "Licence revoked by the municipality"}
    )
    operator.refresh_from_db()
    assert (operator.status, operator.status_reason) == (
        Operator.Status.SUSPENDED,
        "Licence revoked by the municipality",
    )
    client.logout()
    sign_in(client, representative)
    assert client.get(reverse("accommodation:operator-sites")).status_code == 403

    # when staff reactivate it, the representative is back
    client.logout()
    sign_in_staff(client, staff)
    page = client.get(reverse("accommodation:staff-operator", args=[operator.pk]))
    assert page.status_code == 200
    client.post(status_url, {"status": "active"})
    client.logout()
    sign_in(client, representative)
    assert client.get(reverse("accommodation:operator-sites")).status_code == 200
    actions = list(
        AuditEvent.objects.filter(action__startswith="accommodation.operator_")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["accommodation.operator_suspended", "accommodation.operator_active"]

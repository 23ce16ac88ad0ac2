"""One person, one account, several capacities: what a person may do comes from their number
and their memberships, and acting for an establishment needs a strong sign-in (the national
digital identity, or a password with an authenticator code), never an SMS code alone."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from tests.accounts.conftest import provider_sign_in
from tests.conftest import sign_in
from tests.factories import EstablishmentFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def representative(make_user) -> User:
    user = make_user(
        User.Role.EMPLOYER,
        civil_id="90000002",
        mobile="+96891000002",
        mobile_verified_at=timezone.now(),
    )
    MembershipFactory.create(user=user, establishment=EstablishmentFactory.create())
    return user


def _establishment_url(user: User) -> str:
    establishment = user.memberships.get().establishment
    return f"/ar/employer/{establishment.pk}/"


def test_a_password_alone_does_not_reach_an_establishment(client, representative):
    sign_in(client, representative, method="password")

    response = client.get(_establishment_url(representative))

    assert response.status_code == 302
    assert response["Location"].startswith("/ar/accounts/two-factor/setup/?next=")


def test_an_sms_code_alone_does_not_reach_an_establishment(client, representative):
    sign_in(client, representative, method="registry_sms")

    response = client.get(_establishment_url(representative))

    assert response.status_code == 302
    assert "/accounts/two-factor/" in response["Location"]


def test_password_and_authenticator_code_reach_it(client, representative):
    sign_in(client, representative, method="password")
    device = TOTPDevice.objects.create(user=representative, name="phone", confirmed=True)
    url = _establishment_url(representative)
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()

    response = client.post(f"/ar/accounts/two-factor/?next={url}", {"token": f"{token:06d}"})

    assert response.status_code == 302
    assert response["Location"] == url
    assert client.get(url).status_code == 200


def test_the_national_digital_identity_reaches_it(client, representative, idp):
    provider_sign_in(client, person="90000002")

    assert client.session["_auth_user_id"] == str(representative.pk)
    assert client.get(_establishment_url(representative)).status_code == 200


def test_a_representative_is_also_a_person_with_their_own_pages(client, representative):
    sign_in(client, representative)

    assert client.get("/ar/my/profile/").status_code == 200
    assert client.get("/ar/my/employment/").status_code == 200


def test_a_citizen_appointed_to_an_establishment_acts_for_it(client, make_user):
    citizen = make_user(User.Role.JOBSEEKER, civil_id="90000010")
    membership = MembershipFactory.create(user=citizen)
    sign_in(client, citizen)

    response = client.get(f"/ar/employer/{membership.establishment_id}/")
    home = client.get("/en/accounts/home/").content.decode()

    assert response.status_code == 200
    assert "My establishments" in home
    assert "My jobseeker profile" in home


def test_nobody_without_a_membership_acts_for_an_establishment(client, make_user):
    citizen = make_user(User.Role.JOBSEEKER, civil_id="90000010")
    establishment = EstablishmentFactory.create()
    sign_in(client, citizen)

    assert client.get(f"/ar/employer/{establishment.pk}/").status_code == 403

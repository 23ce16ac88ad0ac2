"""The civil registry as a government entity: the stub answers for the demo population, the
client turns every outage into a typed error, and the portal keeps or refuses what it says.

The registry is asked on demand (accounts.registry); a consent code only ever goes to the
number it has just confirmed or to the person's own proven account (accounts.contact).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import requests
from django.utils import timezone

from accounts.contact import consent_number_for, verified_numbers_for
from accounts.models import ProofMethod, RegistryRecord, User
from accounts.registry import RegistryUnavailableError, registry_person
from integrations.clients.base import (
    EntityProtocolError,
    EntityRateLimited,
    EntityTimeout,
    EntityUnavailable,
)
from integrations.clients.civil_registry import civil_registry_person
from integrations.entities import SPECS
from integrations.stubs.people import person_for
from integrations.stubs.server import StubEntities

MARYAM = "90000001"  # a demo person: +96891000001
KHALID = "90000002"
NOBODY = "99000123"  # numbers beginning with 99 belong to nobody
OTHER_MOBILE = "+96892223333"


@pytest.fixture
def registry(stub: StubEntities, settings) -> StubEntities:
    """The stub entities, the civil registry reached through them with a short read timeout."""
    settings.INTEGRATIONS_CIVIL_REGISTRY_URL = ""
    settings.CIVIL_REGISTRY_READ_TIMEOUT = 0.5
    return stub


def post(stub: StubEntities, path: str, body: dict[str, Any]) -> requests.Response:
    """A control request to the stub, over HTTP as a demonstration or benchmark sends it."""
    return requests.post(f"{stub.url}{path}", json=body, timeout=5)


def control(stub: StubEntities, **config: Any) -> None:
    assert post(stub, "/_control", {"entity": "civil_registry", **config}).status_code == 200


def put_person(stub: StubEntities, number: str, **fields: Any) -> None:
    body = {"entity": "civil_registry", "put": [{"civil_id": number, "fields": fields}]}
    assert post(stub, "/_inject", body).status_code == 200


def registry_requests(stub: StubEntities) -> list[dict[str, Any]]:
    log = requests.get(f"{stub.url}/_requests", timeout=5).json()
    return [entry for entry in log if entry["entity"] == "civil_registry"]


def proven_account(make_user, civil_id: str, mobile: str, *, proven: bool = True) -> User:
    now = timezone.now()
    return make_user(
        civil_id=civil_id,
        mobile=mobile,
        mobile_verified_at=now,
        identity_proven_at=now if proven else None,
        identity_proof_method=ProofMethod.IDP if proven else "",
    )


# --- the client against the stub registry ---------------------------------------------------


def test_a_known_person_is_answered_as_the_registry_holds_them(registry):
    answer = civil_registry_person(MARYAM)

    assert answer == {
        "civil_id": MARYAM,
        "mobile": "+96891000001",
        "name_ar": "مريم البلوشي",
        "name_en": "Maryam Al Balushi",
        "nationality": "OM",
        "date_of_birth": "1996-03-14",
    }
    assert registry_requests(registry) == [
        {"entity": "civil_registry", "number": MARYAM, "outcome": "ok"}
    ]


def test_any_other_eight_digit_number_is_a_person_with_a_mobile(registry):
    answer = civil_registry_person("12345678")

    assert answer is not None
    assert answer["mobile"] == person_for("12345678").mobile


def test_an_unknown_number_belongs_to_nobody(registry):
    assert civil_registry_person(NOBODY) is None
    assert registry_requests(registry)[-1]["number"] == NOBODY


def test_a_number_that_is_not_digits_is_nobody_and_is_not_sent(registry):
    assert civil_registry_person("9000/../1") is None
    assert civil_registry_person("٩٠٠٠٠٠٠١") is None
    assert registry_requests(registry) == []


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ({"kind": "500"}, EntityUnavailable),
        ({"kind": "503"}, EntityUnavailable),
        ({"kind": "reset"}, EntityUnavailable),
        ({"kind": "429", "retry_after": 7}, EntityRateLimited),
        ({"kind": "timeout", "seconds": 2}, EntityTimeout),
        ({"kind": "garbage"}, EntityProtocolError),
        ({"kind": "truncated"}, EntityProtocolError),
    ],
)
def test_each_outage_raises_its_typed_error_and_the_next_answer_is_whole(registry, fault, error):
    # given the registry misbehaving once
    control(registry, faults=[fault])

    # when it is asked twice
    with pytest.raises(error) as raised:
        civil_registry_person(MARYAM)
    answer = civil_registry_person(MARYAM)

    # then the first ask failed with the outage's error, the second is the person
    assert raised.value.entity == "civil_registry"
    if isinstance(raised.value, EntityRateLimited):
        assert raised.value.retry_after == 7
    assert answer is not None
    assert answer["mobile"] == "+96891000001"
    outcomes = [entry["outcome"] for entry in registry_requests(registry)]
    assert outcomes == [fault["kind"], "ok"]


def test_a_slow_answer_within_the_timeout_is_still_the_answer(registry):
    control(registry, faults=[{"kind": "slow", "seconds": 0.05}], delay=0.01)

    answer = civil_registry_person(MARYAM)

    assert answer is not None
    assert answer["civil_id"] == MARYAM


def test_a_registry_nobody_listens_on_is_unavailable(registry, settings):
    settings.INTEGRATIONS_CIVIL_REGISTRY_URL = "http://127.0.0.1:1"

    with pytest.raises(EntityUnavailable):
        civil_registry_person(MARYAM)


def test_a_not_found_from_the_wrong_address_is_not_read_as_nobody(registry, settings):
    settings.INTEGRATIONS_CIVIL_REGISTRY_URL = f"{registry.url}/elsewhere"

    with pytest.raises(EntityProtocolError):
        civil_registry_person(MARYAM)


def test_its_own_base_url_wins_over_the_stub_url(registry, settings):
    settings.INTEGRATIONS_CIVIL_REGISTRY_URL = registry.url
    settings.INTEGRATIONS_STUB_URL = "http://127.0.0.1:1"

    answer = civil_registry_person(MARYAM)

    assert answer is not None


def test_the_mismatch_mode_answers_another_mobile(registry):
    control(registry, modes={"mobile_mismatch": True})

    answer = civil_registry_person(MARYAM)

    assert answer is not None
    assert answer["mobile"] != "+96891000001"
    assert answer["mobile"][:-1] == "+9689100000"


def test_an_injected_mobile_is_what_the_registry_answers_from_then_on(registry):
    put_person(registry, MARYAM, mobile=OTHER_MOBILE)

    assert civil_registry_person(MARYAM)["mobile"] == OTHER_MOBILE
    assert civil_registry_person(KHALID)["mobile"] == "+96891000002"


def test_a_person_without_a_mobile_is_answered_with_none(registry):
    put_person(registry, MARYAM, mobile="")

    assert civil_registry_person(MARYAM)["mobile"] == ""


def test_a_number_of_nobody_cannot_be_injected(registry):
    body = {"entity": "civil_registry", "put": [{"civil_id": NOBODY, "fields": {"mobile": ""}}]}

    assert post(registry, "/_inject", body).status_code == 400
    assert civil_registry_person(NOBODY) is None


@pytest.mark.parametrize(
    "fields",
    [
        {"civil_id": KHALID},  # an answer about another number
        {"mobile": "0501"},
        {"mobile": "+968 9100 0001"},
        {"mobile": 96891000001},
        {"name_en": "Maryam\x00"},
        {"nationality": "Oman"},
        {"date_of_birth": "14/03/1996"},
        {"date_of_birth": "1996-02-30"},
    ],
)
def test_a_malformed_answer_is_a_protocol_error(registry, fields):
    put_person(registry, MARYAM, **fields)

    with pytest.raises(EntityProtocolError):
        civil_registry_person(MARYAM)


def test_every_feed_fault_leaves_the_registry_alone(registry):
    # given a fault for "*", which means the six feeds
    assert post(registry, "/_control", {"entity": "*", "faults": [{"kind": "500"}]}).ok

    # then the registry still answers, and it is no feed of the sync
    assert civil_registry_person(MARYAM) is not None
    assert "civil_registry" not in SPECS
    assert all(registry.states[code].faults for code in SPECS)


def test_reset_clears_the_registry_faults_and_modes(registry):
    control(registry, faults=[{"kind": "503", "count": 5}], modes={"mobile_mismatch": True})

    assert post(registry, "/_reset", {}).ok

    assert civil_registry_person(MARYAM)["mobile"] == "+96891000001"


# --- through accounts.registry: what the portal keeps ---------------------------------------


def _age(civil_id: str, *, seconds: int) -> None:
    RegistryRecord.objects.filter(civil_id=civil_id).update(
        fetched_at=timezone.now() - datetime.timedelta(seconds=seconds)
    )


@pytest.mark.django_db
def test_a_fresh_lookup_asks_the_registry_and_keeps_its_answer(registry):
    person = registry_person(civil_id=MARYAM, fresh=True)

    assert person is not None
    assert (person.mobile, person.name_en) == ("+96891000001", "Maryam Al Balushi")
    kept = RegistryRecord.objects.get(civil_id=MARYAM)
    assert kept.mobile == "+96891000001"
    assert kept.name_ar == "مريم البلوشي"
    assert kept.nationality == "OM"
    assert kept.date_of_birth == datetime.date(1996, 3, 14)


@pytest.mark.django_db
def test_a_fresh_lookup_keeps_a_changed_mobile(registry):
    registry_person(civil_id=MARYAM, fresh=True)
    put_person(registry, MARYAM, mobile=OTHER_MOBILE)

    person = registry_person(civil_id=MARYAM, fresh=True)

    assert person.mobile == OTHER_MOBILE
    assert RegistryRecord.objects.get(civil_id=MARYAM).mobile == OTHER_MOBILE


@pytest.mark.django_db
def test_a_recent_kept_answer_serves_a_notice_without_asking(registry):
    registry_person(civil_id=MARYAM, fresh=True)
    put_person(registry, MARYAM, mobile=OTHER_MOBILE)

    person = registry_person(civil_id=MARYAM, fresh=False)

    assert person.mobile == "+96891000001"
    assert len(registry_requests(registry)) == 1


@pytest.mark.django_db
def test_a_kept_answer_serves_a_notice_during_an_outage(registry, settings):
    # given an answer kept long ago, and a registry that is down
    registry_person(civil_id=MARYAM, fresh=True)
    _age(MARYAM, seconds=settings.CIVIL_REGISTRY_MAX_AGE_SECONDS + 60)
    control(registry, faults=[{"kind": "503", "count": 5}])

    # when a legal notice asks
    person = registry_person(civil_id=MARYAM, fresh=False)

    # then the registry was asked, and the kept answer is used
    assert person is not None
    assert person.mobile == "+96891000001"
    assert registry_requests(registry)[-1]["outcome"] == "503"


@pytest.mark.django_db
@pytest.mark.parametrize("fault", ["503", "timeout", "garbage", "429"])
def test_a_fresh_lookup_during_an_outage_is_refused_and_changes_nothing(registry, fault):
    # given a kept answer, and a registry that now fails
    registry_person(civil_id=MARYAM, fresh=True)
    kept_before = RegistryRecord.objects.get(civil_id=MARYAM)
    control(registry, faults=[{"kind": fault, "seconds": 2}])

    # when a consent code needs the registry's number
    with pytest.raises(RegistryUnavailableError):
        registry_person(civil_id=MARYAM, fresh=True)

    # then the kept answer is as it was
    kept_after = RegistryRecord.objects.get(civil_id=MARYAM)
    assert (kept_after.mobile, kept_after.fetched_at) == (
        kept_before.mobile,
        kept_before.fetched_at,
    )


@pytest.mark.django_db
def test_no_kept_answer_during_an_outage_is_refused_even_for_a_notice(registry):
    control(registry, faults=[{"kind": "500", "count": 5}])

    with pytest.raises(RegistryUnavailableError):
        registry_person(civil_id=MARYAM, fresh=False)
    assert not RegistryRecord.objects.exists()


@pytest.mark.django_db
def test_a_number_that_belongs_to_nobody_loses_its_kept_answer(registry):
    RegistryRecord.objects.create(
        civil_id=NOBODY, mobile="+96893334444", name_en="Former person", fetched_at=timezone.now()
    )

    assert registry_person(civil_id=NOBODY, fresh=True) is None
    assert not RegistryRecord.objects.filter(civil_id=NOBODY).exists()


@pytest.mark.django_db
def test_the_mismatch_mode_is_kept_as_the_registry_said_it(registry):
    control(registry, modes={"mobile_mismatch": True})

    person = registry_person(civil_id=MARYAM, fresh=True)

    assert person.mobile != "+96891000001"
    assert RegistryRecord.objects.get(civil_id=MARYAM).mobile == person.mobile


# --- through accounts.contact: where a consent code and a legal notice may go ---------------


@pytest.mark.django_db
def test_a_consent_code_goes_to_the_registry_mobile_of_a_proven_account(registry, make_user):
    account = proven_account(make_user, MARYAM, "+96891000001")

    number = consent_number_for(civil_id=MARYAM)

    assert number is not None
    assert (number.number, number.source, number.account) == ("+96891000001", "registry", account)


@pytest.mark.django_db
def test_a_consent_code_goes_to_the_registry_not_to_the_accounts_other_number(registry, make_user):
    proven_account(make_user, MARYAM, OTHER_MOBILE)

    number = consent_number_for(civil_id=MARYAM)

    assert (number.number, number.source, number.account) == ("+96891000001", "registry", None)


@pytest.mark.django_db
def test_a_registry_mobile_changed_to_another_sim_gets_the_consent_code(registry, make_user):
    # given a proven account whose number the registry held, and which the registry now moves
    proven_account(make_user, MARYAM, "+96891000001")
    control(registry, modes={"mobile_mismatch": True})

    number = consent_number_for(civil_id=MARYAM)

    # then the code goes to the registry's number, which is not the account's
    assert number.number != "+96891000001"
    assert (number.source, number.account) == ("registry", None)


@pytest.mark.django_db
def test_an_unproven_account_never_receives_the_consent_code(registry, make_user):
    proven_account(make_user, MARYAM, OTHER_MOBILE, proven=False)

    number = consent_number_for(civil_id=MARYAM)

    assert (number.number, number.source, number.account) == ("+96891000001", "registry", None)


@pytest.mark.django_db
def test_a_proven_account_is_reached_when_the_registry_holds_no_mobile(registry, make_user):
    account = proven_account(make_user, MARYAM, OTHER_MOBILE)
    put_person(registry, MARYAM, mobile="")

    number = consent_number_for(civil_id=MARYAM)

    assert (number.number, number.source, number.account) == (OTHER_MOBILE, "account", account)


@pytest.mark.django_db
def test_nobody_with_no_account_has_no_consent_number(registry):
    assert consent_number_for(civil_id=NOBODY) is None
    assert verified_numbers_for(civil_id=NOBODY) == []


@pytest.mark.django_db
def test_during_an_outage_a_consent_code_goes_only_to_a_proven_account(registry, make_user):
    account = proven_account(make_user, MARYAM, OTHER_MOBILE)
    proven_account(make_user, KHALID, "+96891000002", proven=False)
    control(registry, faults=[{"kind": "503", "count": 5}])

    number = consent_number_for(civil_id=MARYAM)

    assert (number.number, number.source, number.account) == (OTHER_MOBILE, "account", account)
    with pytest.raises(RegistryUnavailableError):
        consent_number_for(civil_id=KHALID)


@pytest.mark.django_db
def test_during_an_outage_a_consent_code_ignores_a_kept_answer(registry):
    # given the registry's number kept for an hour, and no account
    registry_person(civil_id=MARYAM, fresh=True)
    control(registry, faults=[{"kind": "timeout", "seconds": 2}])

    # then no consent code may be sent: nobody has just vouched for the number
    with pytest.raises(RegistryUnavailableError):
        consent_number_for(civil_id=MARYAM)


@pytest.mark.django_db
def test_a_notice_goes_to_the_registry_and_to_a_proven_accounts_other_number(registry, make_user):
    account = proven_account(make_user, MARYAM, OTHER_MOBILE)

    numbers = verified_numbers_for(civil_id=MARYAM)

    assert [(n.number, n.source, n.account) for n in numbers] == [
        ("+96891000001", "registry", None),
        (OTHER_MOBILE, "account", account),
    ]


@pytest.mark.django_db
def test_a_notice_goes_once_when_the_account_holds_the_registry_number(registry, make_user):
    account = proven_account(make_user, MARYAM, "+96891000001")

    numbers = verified_numbers_for(civil_id=MARYAM)

    assert [(n.number, n.source, n.account) for n in numbers] == [
        ("+96891000001", "registry", account)
    ]


@pytest.mark.django_db
def test_a_notice_never_goes_to_an_unproven_account(registry, make_user):
    proven_account(make_user, MARYAM, OTHER_MOBILE, proven=False)

    numbers = verified_numbers_for(civil_id=MARYAM)

    assert [(n.number, n.source) for n in numbers] == [("+96891000001", "registry")]


@pytest.mark.django_db
def test_during_an_outage_a_notice_uses_the_kept_answer_and_the_account(
    registry, make_user, settings
):
    # given a stale kept answer, a proven account with another number, a registry that is down
    account = proven_account(make_user, MARYAM, OTHER_MOBILE)
    registry_person(civil_id=MARYAM, fresh=True)
    _age(MARYAM, seconds=settings.CIVIL_REGISTRY_MAX_AGE_SECONDS + 60)
    control(registry, faults=[{"kind": "500", "count": 5}])

    numbers = verified_numbers_for(civil_id=MARYAM)

    assert [(n.number, n.source, n.account) for n in numbers] == [
        ("+96891000001", "registry", None),
        (OTHER_MOBILE, "account", account),
    ]


@pytest.mark.django_db
def test_during_an_outage_with_nothing_kept_a_notice_reaches_the_proven_account(
    registry, make_user
):
    account = proven_account(make_user, MARYAM, OTHER_MOBILE)
    control(registry, faults=[{"kind": "reset", "count": 5}])

    numbers = verified_numbers_for(civil_id=MARYAM)

    assert [(n.number, n.source, n.account) for n in numbers] == [
        (OTHER_MOBILE, "account", account)
    ]


@pytest.mark.django_db
def test_during_an_outage_with_nothing_kept_and_no_account_the_notice_waits(registry, make_user):
    proven_account(make_user, MARYAM, OTHER_MOBILE, proven=False)
    control(registry, faults=[{"kind": "503", "count": 5}])

    with pytest.raises(RegistryUnavailableError):
        verified_numbers_for(civil_id=MARYAM)

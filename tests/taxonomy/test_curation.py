"""Policy staff curate skills and synonyms in the portal (issue 24): a synonym they add is
used to resolve free text at once, one that names another skill is refused, shipped synonyms
cannot be removed here, and every change is audited."""

from __future__ import annotations

import pytest

from accounts.models import User
from core.models import AuditEvent
from taxonomy.models import Skill, Synonym
from taxonomy.selectors import taxonomy_from_database, taxonomy_reset
from tests.conftest import sign_in_staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    taxonomy_reset()
    yield
    taxonomy_reset()


@pytest.fixture
def policy(client, make_user):
    sign_in_staff(client, make_user(User.Role.POLICY))
    return client


def test_a_synonym_added_resolves_free_text_from_then_on(
    policy, django_capture_on_commit_callbacks
):
    assert taxonomy_from_database().resolve("skill", "sparky work") is None

    with django_capture_on_commit_callbacks(execute=True):
        response = policy.post(
            "/en/staff/skills/electrical_wiring/", {"action": "synonym", "text": "sparky work"}
        )

    assert response.status_code == 302
    found = taxonomy_from_database().resolve("skill", "Sparky  Work")
    assert found is not None
    assert (found.code, found.method) == ("electrical_wiring", "exact")
    assert Synonym.objects.get(key="sparky work").shipped is False
    assert AuditEvent.objects.filter(action="taxonomy.synonym_added").exists()
    page = policy.get("/en/staff/skills/electrical_wiring/").content.decode()
    assert "sparky work" in page
    assert "Added by policy staff" in page


def test_words_that_name_another_skill_are_refused(policy):
    response = policy.post(
        "/en/staff/skills/electrical_wiring/", {"action": "synonym", "text": "plumbing"}
    )

    assert response.status_code == 400
    assert "already name another entry" in response.content.decode()
    assert not Synonym.objects.filter(code="electrical_wiring", key="plumbing").exists()


def test_shipped_synonyms_stay_and_staff_ones_go(policy):
    shipped = Synonym.objects.filter(kind="skill", shipped=True).first()
    added = Synonym.objects.create(
        kind="skill", code=shipped.code, language="en", text="zz test", key="zz test",
        shipped=False,
    )  # fmt: skip
    base = f"/en/staff/skills/{shipped.code}/synonyms/"

    policy.post(f"{base}{shipped.pk}/remove/")
    policy.post(f"{base}{added.pk}/remove/")

    assert Synonym.objects.filter(pk=shipped.pk).exists()
    assert not Synonym.objects.filter(pk=added.pk).exists()


def test_a_skill_is_added_and_relabelled(policy):
    response = policy.post(
        "/en/staff/skills/",
        {"code": "drone_piloting", "domain": "transport", "label_en": "Drone piloting",
         "label_ar": "قيادة الطائرات المسيرة"},
    )  # fmt: skip
    assert response.status_code == 302
    policy.post(
        "/en/staff/skills/drone_piloting/",
        {"action": "labels", "label_en": "Drone flying", "label_ar": "قيادة الطائرات المسيرة"},
    )
    assert Skill.objects.get(code="drone_piloting").label_en == "Drone flying"
    bad = policy.post(
        "/en/staff/skills/",
        {"code": "Bad Code", "domain": "x", "label_en": "Thing", "label_ar": "شيء"},
    )
    assert bad.status_code == 400
    assert "lower-case" in bad.content.decode()


def test_a_retired_skill_no_longer_resolves_and_can_be_offered_again(
    policy, django_capture_on_commit_callbacks
):
    # given
    assert taxonomy_from_database().resolve("skill", "Tiling").code == "tiling"

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = policy.post("/en/staff/skills/tiling/retire/", {"action": "retire"})

    # then
    assert response.status_code == 302
    skill = Skill.objects.get(code="tiling")
    assert skill.retired_at is not None
    taxonomy = taxonomy_from_database()
    assert taxonomy.resolve("skill", "Tiling") is None or (
        taxonomy.resolve("skill", "Tiling").code != "tiling"
    )
    assert "tiling" in taxonomy.skills  # records that name the code keep their label
    assert AuditEvent.objects.filter(action="taxonomy.skill_retired").count() == 1
    page = policy.get("/en/staff/skills/tiling/").content.decode()
    assert "Offer the skill again" in page

    # and again: refused, nothing changes
    retired_at = skill.retired_at
    policy.post("/en/staff/skills/tiling/retire/", {"action": "retire"})
    assert Skill.objects.get(code="tiling").retired_at == retired_at
    assert AuditEvent.objects.filter(action="taxonomy.skill_retired").count() == 1

    # when offered again
    with django_capture_on_commit_callbacks(execute=True):
        policy.post("/en/staff/skills/tiling/retire/", {"action": "restore"})
    assert Skill.objects.get(code="tiling").retired_at is None
    assert taxonomy_from_database().resolve("skill", "Tiling").code == "tiling"
    assert AuditEvent.objects.filter(action="taxonomy.skill_restored").count() == 1


def test_retiring_an_unknown_skill_is_not_found(policy):
    response = policy.post("/en/staff/skills/no_such_skill/retire/", {"action": "retire"})

    assert response.status_code == 404

"""The labour market pages in the browser: every dashboard, the open data page and the training
institution's report, in Arabic, right to left, with no serious axe-core violation (charts are
SVG images with a title and a table beside them)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from lmi.models import Institution, RollupRun, StaffScope
from lmi.services import rollup_execute
from tests.conftest import sign_in, sign_in_staff
from tests.factories import UserFactory
from tests.lmi.world import build_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DASHBOARDS = ["", "permits/", "omanisation/", "lifecycle/", "jobs/", "skills/", "runs/"]


def test_decision_makers_institutions_and_the_public_read_the_labour_market(journey: Any) -> None:
    build_world()
    rollup_execute(run_id=RollupRun.objects.create().pk)

    analyst = Client()
    sign_in_staff(analyst, UserFactory.create(role=User.Role.ANALYST))
    browser = journey(analyst, "analyst")
    for page in DASHBOARDS:
        assert browser.open(f"/ar/staff/labour-market/{page}").status == 200
    assert browser.page.locator("svg.lmi-chart").count() == 0  # the runs page has no chart
    browser.open("/ar/staff/labour-market/")
    assert browser.page.locator("svg.lmi-chart").count() >= 2

    college = UserFactory.create(role=User.Role.TRAINING_INSTITUTION)
    Institution.objects.create(name_en="College", name_ar="كلية", governorate="muscat").members.add(
        college
    )
    institution = journey(sign_in(Client(), college, method="password"), "institution")
    assert institution.open("/ar/training/skills/").status == 200
    assert institution.open("/ar/training/courses/").status == 200

    policy = Client()
    sign_in_staff(policy, UserFactory.create(role=User.Role.POLICY))
    StaffScope.objects.create(user=UserFactory.create(role=User.Role.OFFICER), governorate="dhofar")
    assert journey(policy, "policy").open("/ar/staff/labour-market/scopes/").status == 200

    public = journey(None, "public")
    assert public.open("/ar/open-data/").status == 200

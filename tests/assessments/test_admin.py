"""Staff's admin: every registered page opens, organisations can be configured, and what the
workflow owns cannot be changed there (it changes only through services that audit)."""

from __future__ import annotations

import pytest
from django.test import Client

from assessments.models import AISystem, Assessment
from tests.assessments.conftest import World
from tests.factories import sign_in

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "organization",
    "aisystem",
    "assessment",
    "auditevent",
    "organizationevent",
    "invitation",
]


@pytest.fixture
def staff(world: World) -> Client:
    client = Client()
    sign_in(client, world.users["staff"])
    return client


@pytest.mark.parametrize("model", CHANGELISTS)
def test_every_changelist_opens_for_staff(world: World, staff: Client, model: str) -> None:
    world.submitted()  # an assessment with events, so the lists have rows to draw
    response = staff.get(f"/admin/assessments/{model}/")
    assert response.status_code == 200
    assert b"errornote" not in response.content


def test_an_assessment_and_a_system_are_read_only(world: World, staff: Client) -> None:
    assessment = world.submitted()
    page = staff.get(f"/admin/assessments/assessment/{assessment.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content  # no save button: nothing to change
    refused = staff.post(
        f"/admin/assessments/assessment/{assessment.pk}/change/", {"status": "approved"}
    )
    assert refused.status_code == 403
    assert Assessment.objects.get(pk=assessment.pk).status == assessment.status
    before = AISystem.objects.count()
    assert staff.get("/admin/assessments/aisystem/add/").status_code == 403
    assert staff.post("/admin/assessments/aisystem/add/", {"name": "x"}).status_code == 403
    assert AISystem.objects.count() == before


def test_staff_configures_an_organisation_but_not_its_kind(world: World, staff: Client) -> None:
    company = world.company
    response = staff.post(
        f"/admin/assessments/organization/{company.pk}/change/",
        {
            "name": company.name,
            "kind": "evaluation_body",  # read-only: ignored
            "require_two_factor": "on",
            "evaluation_validity_days": "365",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    company.refresh_from_db()
    assert company.require_two_factor is True
    assert company.kind == "company"
    assert staff.post(f"/admin/assessments/organization/{company.pk}/delete/").status_code == 403


def test_company_users_are_kept_out_of_the_admin(world: World) -> None:
    client = Client()
    sign_in(client, world.users["owner"])
    response = client.get("/admin/assessments/organization/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert world.company.name.encode() not in response.content  # nothing of the list leaked

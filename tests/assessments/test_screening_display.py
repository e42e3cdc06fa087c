"""The screening on the overview and in the API: no verdict before it is complete, the impact
level in words and in one notation (I–IV), and no question the system profile already answers
(issue 16, item 9)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from assessments import services
from assessments.choices import OrganizationKind, Role
from assessments.models import Answer
from tests.assessments.conftest import SCREENING_ANSWERS, World
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    SystemFactory,
    UserFactory,
    sign_in,
)

API = "/api/v1"


def _answer(world: World, assessment: Any, answers: dict[str, str]) -> None:
    services.answers_upsert(
        actor=world.users["owner"],
        assessment=assessment,
        answers=[
            services.AnswerInput(checklist="t-screening", item=code, value=value)
            for code, value in answers.items()
        ],
    )


def _overview(world: World, assessment: Any) -> str:
    client = Client(headers={"Accept-Language": "en"})
    sign_in(client, world.users["owner"])
    return client.get(f"/app/assessments/{assessment.pk}/").content.decode()


def test_an_incomplete_screening_shows_progress_instead_of_a_verdict(world: World) -> None:
    assessment = world.new_assessment()
    _answer(world, assessment, {"T-SIG-01": "yes", "T-AREA-01": "no"})
    page = _overview(world, assessment)
    assert "2 of 5 screening questions answered." in page
    assert "Not high-impact" not in page and "High-impact AI" not in page
    assert "Impact level" not in page
    screening = (
        world.client("owner").get(f"{API}/assessments/{assessment.pk}/score/").json()["screening"]
    )
    assert (screening["complete"], screening["answered"], screening["questions"]) == (False, 2, 5)


def test_a_complete_screening_names_the_impact_level_in_numerals_and_words(world: World) -> None:
    assessment = world.new_assessment()
    _answer(world, assessment, SCREENING_ANSWERS)
    page = _overview(world, assessment)
    assert "High-impact AI" in page
    assert "Impact level: <strong>IV</strong> <span>(very high)</span>" in page
    assert "Level IV of IV: more than three quarters" in page
    assert "4 / 4" not in page
    screening = (
        world.client("owner").get(f"{API}/assessments/{assessment.pk}/score/").json()["screening"]
    )
    assert (screening["complete"], screening["impact_level"], screening["impact_level_label"]) == (
        True,
        4,
        "IV",
    )


@pytest.fixture
def shipped(db: None) -> dict[str, Any]:
    """The shipped checklists and rules: the profile link is to the real screening's item."""
    call_command("load_checklists", stdout=io.StringIO())
    company = OrganizationFactory(name="Gen Co", kind=OrganizationKind.COMPANY)
    owner = MembershipFactory(
        user=UserFactory(username="gen-owner"), organization=company, role=Role.OWNER
    ).user
    system = SystemFactory(organization=company, generative=True, created_by=owner)
    return {"owner": owner, "system": system}


def test_the_profile_answers_the_generative_question(shipped: dict[str, Any]) -> None:
    owner, system = shipped["owner"], shipped["system"]
    assessment = services.assessment_create(actor=owner, system=system)
    answer = Answer.objects.get(assessment=assessment, item_code="HIS-SCOPE-01")
    assert answer.value == "yes"
    labels = [link.version.checklist.slug for link in assessment.applicable.all()]
    assert "generative-ai" in labels

    # The fill page shows where the answer comes from and does not ask for it.
    client = Client(headers={"Accept-Language": "en"})
    sign_in(client, owner)
    page = client.get(
        f"/app/assessments/{assessment.pk}/fill/high-impact-screening/?section=HIS-SCOPE"
    ).content.decode()
    fieldset = page[page.index('id="item-HIS-SCOPE-01"') :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]
    assert "Answered from the system profile" in fieldset
    assert 'name="a-HIS-SCOPE-01-version"' not in fieldset  # the section form leaves it alone
    assert fieldset.count(" disabled") >= 2

    # Changing the profile changes the answer, and what applies.
    services.system_update(actor=owner, system=system, generative=False)
    answer.refresh_from_db()
    assert (answer.value, answer.version) == ("no", 2)
    labels = [link.version.checklist.slug for link in assessment.applicable.all()]
    assert "generative-ai" not in labels

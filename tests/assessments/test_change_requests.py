"""What the evaluator asked reaches the company, and round two keeps its evaluator (issue 16
item 6): the banner with the full comment (line breaks kept, escaped), links to every item not
confirmed, flagged sections, distinct verdict styles; the evaluator keeps the claim across a
resubmission and sees what changed."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from assessments import services
from assessments.choices import Role, Status
from assessments.models import Assessment
from tests.assessments.conftest import World
from tests.factories import MembershipFactory, UserFactory, sign_in

COMMENT = "Please fix two things:\n1. the risk plan <script>alert(1)</script>\n2. bias tests"


def page(world: World, who: str) -> Client:
    client = Client()
    sign_in(client, world.users[who])
    client.cookies["django_language"] = "en"
    return client


def changes_requested(world: World) -> Assessment:
    assessment = world.in_review()
    evaluator = world.users["evaluator"]
    services.verdicts_set(
        actor=evaluator,
        assessment=assessment,
        verdicts=[
            services.VerdictInput("t-general", "T-A-01", "confirmed"),
            services.VerdictInput("t-general", "T-A-03", "not_confirmed", "No bias\nreport"),
            services.VerdictInput("t-general", "T-B-01", "needs_evidence", "Attach the SOP"),
        ],
    )
    return services.assessment_request_changes(
        actor=evaluator, assessment=assessment, comment=COMMENT
    )


@pytest.mark.parametrize("where", ["overview", "fill"])
def test_the_company_sees_the_full_request_and_every_flagged_item(world: World, where: str) -> None:
    assessment = changes_requested(world)
    url = (
        f"/app/assessments/{assessment.pk}/"
        if where == "overview"
        else f"/app/assessments/{assessment.pk}/fill/t-general/?section=T-B"
    )
    html = page(world, "owner").get(url).content.decode()
    banner = re.search(r'<section class="changes-banner".*?</section>', html, re.S)
    assert banner, html[:2000]
    text = banner.group(0)
    # The whole comment, escaped, with its line breaks.
    assert (
        "Please fix two things:<br>1. the risk plan &lt;script&gt;alert(1)&lt;/script&gt;<br>2. bias tests"
        in text
    )
    assert "<script>alert" not in html
    # Every item not confirmed, linked to its place on the fill page; not the confirmed one.
    fill = f"/app/assessments/{assessment.pk}/fill/t-general/"
    assert f'href="{fill}?section=T-A#item-T-A-03"' in text
    assert f'href="{fill}?section=T-B#item-T-B-01"' in text
    assert "T-A-01" not in text
    assert "No bias<br>report" in text
    assert 'class="verdict-tag verdict-not_confirmed"' in text
    assert 'class="verdict-tag verdict-needs_evidence"' in text


def test_the_fill_menu_flags_sections_and_verdicts_look_different(world: World) -> None:
    assessment = changes_requested(world)
    html = (
        page(world, "owner")
        .get(f"/app/assessments/{assessment.pk}/fill/t-general/?section=T-A")
        .content.decode()
    )
    nav = re.search(r'<nav class="section-nav".*?</nav>', html, re.S).group(0)  # type: ignore[union-attr]
    assert nav.count('class="badge asked"') == 2  # T-A and T-B both hold flagged items
    assert 'class="review-note verdict-confirmed"' in html
    assert 'class="review-note verdict-not_confirmed"' in html
    assert "No bias<br>report" in html


def test_no_banner_outside_changes_requested(world: World) -> None:
    assessment = world.in_review()
    html = page(world, "owner").get(f"/app/assessments/{assessment.pk}/").content.decode()
    assert "changes-banner" not in html


def test_a_resubmission_stays_with_its_evaluator(world: World) -> None:
    assessment = changes_requested(world)
    services.answers_upsert(
        actor=world.users["owner"],
        assessment=assessment,
        answers=[services.AnswerInput("t-general", "T-A-03", 4, "Bias report attached", version=1)],
    )
    services.assessment_submit(
        actor=world.users["owner"], assessment=assessment, evaluation_body=world.body.pk
    )
    assessment.refresh_from_db()
    assert (assessment.status, assessment.claimed_by) == (
        Status.SUBMITTED,
        world.users["evaluator"],
    )
    colleague = MembershipFactory(
        user=UserFactory(username="colleague"), organization=world.body, role=Role.EVALUATOR
    ).user
    # Another evaluator of the body neither sees the claim button nor may claim it.
    client = Client()
    sign_in(client, colleague)
    html = client.get(f"/app/assessments/{assessment.pk}/").content.decode()
    assert "/step/claim/" not in html
    with pytest.raises(services.PermissionRefused):
        services.assessment_claim(actor=colleague, assessment=assessment)
    # The evaluator who asked takes it up again and sees what changed.
    html = page(world, "evaluator").get(f"/app/assessments/{assessment.pk}/").content.decode()
    assert "/step/claim/" in html
    services.assessment_claim(actor=world.users["evaluator"], assessment=assessment)
    review = (
        page(world, "evaluator")
        .get(f"/app/assessments/{assessment.pk}/review/t-general/?section=T-A")
        .content.decode()
    )
    changed = re.findall(r'id="item-([A-Z0-9-]+)">\s*<legend>.*?</legend>', review, re.S)
    assert changed, review[:1000]
    flagged = [
        code
        for code in changed
        if re.search(rf'id="item-{code}">\s*<legend>[^\n]*badge changed', review)
    ]
    assert flagged == ["T-A-03"]
    assert "1 changed" in review  # the section menu counts them
    assert "2/3 reviewed" in review  # T-A: T-A-01 and T-A-03 have verdicts


def test_a_lead_may_take_over_a_resubmission(world: World) -> None:
    assessment = changes_requested(world)
    services.assessment_submit(
        actor=world.users["owner"], assessment=assessment, evaluation_body=world.body.pk
    )
    services.assessment_claim(actor=world.users["lead"], assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.claimed_by == world.users["lead"]

"""The decision page (``/app/assessments/{id}/decide/<step>/``) without a browser: who may use it,
that nothing is decided before the confirm, and that refusals come back on the page."""

from __future__ import annotations

import pytest
from django.test import Client

from assessments import services
from assessments.choices import Status
from tests.assessments.conftest import World
from tests.factories import sign_in

pytestmark = pytest.mark.django_db


def client_of(world: World, who: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, world.users[who])
    return client


def failed(world: World):  # type: ignore[no-untyped-def]
    assessment = world.in_review()
    for criterion, rating in (("T-R-01", 2), ("T-R-02", 4), ("T-R-03", 4)):
        services.rating_set(
            actor=world.users["evaluator"],
            assessment=assessment,
            criterion=criterion,
            rating=rating,
            rationale="Weak." if rating < 3 else "",
        )
    return assessment


def test_the_first_post_only_shows_the_summary(world: World) -> None:
    assessment = failed(world)
    url = f"/app/assessments/{assessment.pk}/decide/approve/"
    response = client_of(world, "evaluator").post(url, {"comment": "Fine."})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="decide-override"' in html and "Fine.</textarea>" in html
    assessment.refresh_from_db()
    assert assessment.status == Status.IN_REVIEW


def test_a_refused_approval_comes_back_on_the_page(world: World) -> None:
    assessment = failed(world)
    url = f"/app/assessments/{assessment.pk}/decide/approve/"
    response = client_of(world, "evaluator").post(url, {"comment": "Fine.", "confirm": "1"})
    assert response.status_code == 409
    assert 'id="decide-override-error"' in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == Status.IN_REVIEW


def test_only_the_deciding_evaluator_reaches_it_and_the_old_buttons_are_gone(world: World) -> None:
    assessment = failed(world)
    for who in ("owner", "viewer"):
        for step in ("approve", "reject"):
            response = client_of(world, who).post(
                f"/app/assessments/{assessment.pk}/decide/{step}/", {"comment": "x", "confirm": "1"}
            )
            assert response.status_code == 404, (who, step)
    evaluator = client_of(world, "evaluator")
    for step in ("approve", "reject"):  # no way around the confirm step
        response = evaluator.post(
            f"/app/assessments/{assessment.pk}/step/{step}/", {"comment": "x"}
        )
        assert response.status_code == 404
    assert evaluator.get(f"/app/assessments/{assessment.pk}/decide/approve/").status_code == 405
    assessment.refresh_from_db()
    assert assessment.status == Status.IN_REVIEW

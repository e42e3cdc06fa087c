"""Concurrent edits never lose data (DESIGN.md §4, §7): two clients racing on the same answer.

Each racer is a thread with its own API client and therefore its own database connection; a
``threading.Barrier`` lines their writes up. The database is transactional (real commits), so
locks and isolation are the database's own, on SQLite as on PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from rest_framework.test import APIClient

from assessments import services
from assessments.models import Answer, Assessment, AuditEvent
from tests.assessments.conftest import World
from tests.databases import connections_of_their_own

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 20


@pytest.fixture(autouse=True)
def _connections_of_their_own(transactional_db: None, tmp_path: Path) -> Iterator[None]:
    """Every racing thread gets a real connection to one database (``tests/databases.py``)."""
    with connections_of_their_own(tmp_path / "race.sqlite3"):
        yield


def _client(user: Any) -> APIClient:
    client = APIClient(headers={"Accept-Language": "en"})
    client.force_authenticate(user)
    return client


def _race(*jobs: Callable[[threading.Barrier], Any], timeout: float = 60) -> list[Any]:
    """Run ``jobs`` in threads that each wait at one barrier before their write; their results."""
    barrier = threading.Barrier(len(jobs), timeout=timeout)
    results: list[Any] = [None] * len(jobs)
    errors: list[BaseException] = []

    def run(index: int, job: Callable[[threading.Barrier], Any]) -> None:
        try:
            results[index] = job(barrier)
        except BaseException as exc:  # re-raised in the main thread below
            errors.append(exc)
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
        assert not thread.is_alive(), "a racer hung"
    if errors:
        raise errors[0]
    return results


def _version_of(client: APIClient, assessment: Assessment, item: str) -> int | None:
    reply = client.get(f"/api/v1/assessments/{assessment.pk}/answers/", {"page_size": 2000})
    assert reply.status_code == 200, reply.content
    return next((a["version"] for a in reply.json()["results"] if a["item"] == item), None)


def _writer(
    user: Any, assessment: Assessment, item: str, value: Any
) -> Callable[[threading.Barrier], Any]:
    """Read the answer's version, wait for the other racer, then write ``value`` on that version."""

    def job(barrier: threading.Barrier) -> tuple[int, Any, int | None]:
        client = _client(user)
        version = _version_of(client, assessment, item)
        barrier.wait()
        reply = client.post(
            f"/api/v1/assessments/{assessment.pk}/answers/",
            {
                "answers": [
                    {"checklist": "t-general", "item": item, "value": value, "version": version}
                ]
            },
            format="json",
        )
        return reply.status_code, reply.json(), version

    return job


def _answer_events(assessment: Assessment) -> list[dict[str, Any]]:
    return list(
        AuditEvent.objects.filter(assessment=assessment, action="answer")
        .order_by("pk")
        .values_list("data", flat=True)
    )


def test_two_writers_on_one_version_one_wins_the_other_gets_409(world: World) -> None:
    owner, member = world.users["owner"], world.users["member"]
    for round_ in range(ROUNDS):
        assessment = world.new_assessment()
        services.answers_upsert(
            actor=owner,
            assessment=assessment,
            answers=[services.AnswerInput(checklist="t-general", item="T-A-03", value=1)],
        )
        # Alternate who starts first so neither side is always favoured by thread start order.
        racers = [(owner, 2), (member, 4)] if round_ % 2 == 0 else [(member, 4), (owner, 2)]
        results = _race(*(_writer(user, assessment, "T-A-03", value) for user, value in racers))

        assert [version for _s, _b, version in results] == [1, 1], (
            "both racers must have read version 1"
        )
        statuses = sorted(status for status, _b, _v in results)
        assert statuses == [200, 409], (round_, results)
        (won, winner_body, _), (_lost, loser_body, _) = sorted(results, key=lambda r: r[0])
        winner_value = winner_body[0]["value"]
        assert winner_body[0]["version"] == 2
        assert loser_body["extra"]["conflicts"] == [
            {
                "checklist": "t-general",
                "item": "T-A-03",
                "value": winner_value,
                "comment": "",
                "version": 2,
            }
        ], round_
        stored = Answer.objects.get(assessment=assessment, item_code="T-A-03")
        assert (stored.value, stored.version) == (winner_value, 2)
        events = _answer_events(assessment)
        assert len(events) == 2, (round_, events)  # the first write, then exactly one of the racers
        assert events[1]["written"] == [{"item": "T-A-03", "version": 2}]


def test_two_writers_creating_the_same_new_answer_never_500(world: World) -> None:
    owner, member = world.users["owner"], world.users["member"]
    for round_ in range(ROUNDS):
        assessment = world.new_assessment()
        results = _race(
            _writer(owner, assessment, "T-B-01", "manual"),
            _writer(member, assessment, "T-B-01", "auto"),
        )
        assert [version for _s, _b, version in results] == [None, None]
        assert sorted(status for status, _b, _v in results) == [200, 409], (round_, results)
        winner = next(body for status, body, _v in results if status == 200)
        loser = next(body for status, body, _v in results if status == 409)
        assert loser["extra"]["conflicts"] == [
            {
                "checklist": "t-general",
                "item": "T-B-01",
                "value": winner[0]["value"],
                "comment": "",
                "version": 1,
            }
        ]
        assert list(
            Answer.objects.filter(assessment=assessment).values_list(
                "item_code", "value", "version"
            )
        ) == [("T-B-01", winner[0]["value"], 1)]
        assert len(_answer_events(assessment)) == 1


def test_writers_on_different_items_both_succeed(world: World) -> None:
    owner, member = world.users["owner"], world.users["member"]
    for _round in range(5):
        assessment = world.new_assessment()
        results = _race(
            _writer(owner, assessment, "T-A-03", 3), _writer(member, assessment, "T-B-01", "auto")
        )
        assert [status for status, _b, _v in results] == [200, 200], results
        assert dict(
            Answer.objects.filter(assessment=assessment).values_list("item_code", "value")
        ) == {
            "T-A-03": 3,
            "T-B-01": "auto",
        }
        assert len(_answer_events(assessment)) == 2


def test_a_bulk_with_one_stale_answer_applies_none(world: World) -> None:
    owner, member = world.users["owner"], world.users["member"]
    assessment = world.new_assessment()
    services.answers_upsert(
        actor=owner,
        assessment=assessment,
        answers=[
            services.AnswerInput(checklist="t-general", item="T-A-03", value=1),
            services.AnswerInput(checklist="t-general", item="T-A-01", value="no"),
        ],
    )
    # Someone else moves T-A-03 on to version 2 ...
    services.answers_upsert(
        actor=member,
        assessment=assessment,
        answers=[services.AnswerInput(checklist="t-general", item="T-A-03", value=2, version=1)],
    )
    before = list(
        Answer.objects.filter(assessment=assessment)
        .order_by("item_code")
        .values_list("item_code", "value", "version", "comment")
    )
    events_before = AuditEvent.objects.filter(assessment=assessment).count()

    # ... and the owner sends three answers, one of them still based on version 1.
    reply = _client(owner).post(
        f"/api/v1/assessments/{assessment.pk}/answers/",
        {
            "answers": [
                {"checklist": "t-general", "item": "T-A-01", "value": "yes", "version": 1},
                {
                    "checklist": "t-general",
                    "item": "T-A-03",
                    "value": 4,
                    "comment": "better now",
                    "version": 1,
                },
                {"checklist": "t-general", "item": "T-B-01", "value": "manual"},
            ]
        },
        format="json",
    )
    assert reply.status_code == 409, reply.content
    body = reply.json()
    assert set(body) == {"message", "extra"}
    assert body["extra"]["conflicts"] == [
        {"checklist": "t-general", "item": "T-A-03", "value": 2, "comment": "", "version": 2}
    ]
    after = list(
        Answer.objects.filter(assessment=assessment)
        .order_by("item_code")
        .values_list("item_code", "value", "version", "comment")
    )
    assert after == before  # T-A-01 still "no", T-A-03 still 2, no T-B-01
    assert AuditEvent.objects.filter(assessment=assessment).count() == events_before

    # A "new" answer for an item that has meanwhile been answered is stale too, and so is a
    # version for an answer that does not exist.
    reply = _client(owner).post(
        f"/api/v1/assessments/{assessment.pk}/answers/",
        {
            "answers": [
                {"checklist": "t-general", "item": "T-A-01", "value": "yes"},
                {"checklist": "t-general", "item": "T-B-01", "value": "manual", "version": 1},
                {"checklist": "t-general", "item": "T-A-03", "value": 4, "version": 2},
            ]
        },
        format="json",
    )
    assert reply.status_code == 409, reply.content
    assert reply.json()["extra"]["conflicts"] == [
        {"checklist": "t-general", "item": "T-A-01", "value": "no", "comment": "", "version": 1},
        {"checklist": "t-general", "item": "T-B-01", "value": None, "version": None},
    ]
    assert (
        list(
            Answer.objects.filter(assessment=assessment)
            .order_by("item_code")
            .values_list("item_code", "value", "version", "comment")
        )
        == before
    )

    # Based on the current versions, the same three answers go through together.
    reply = _client(owner).post(
        f"/api/v1/assessments/{assessment.pk}/answers/",
        {
            "answers": [
                {"checklist": "t-general", "item": "T-A-01", "value": "yes", "version": 1},
                {"checklist": "t-general", "item": "T-A-03", "value": 4, "version": 2},
                {"checklist": "t-general", "item": "T-B-01", "value": "manual"},
            ]
        },
        format="json",
    )
    assert reply.status_code == 200, reply.content
    assert {a["item"]: a["version"] for a in reply.json()} == {
        "T-A-01": 2,
        "T-A-03": 3,
        "T-B-01": 1,
    }


def test_a_stale_bulk_racing_a_fresh_one_leaves_no_partial_write(world: World) -> None:
    """Two bulks of three overlapping answers at once: one applies whole, the other not at all."""
    owner, member = world.users["owner"], world.users["member"]
    for round_ in range(ROUNDS // 2):
        assessment = world.new_assessment()
        services.answers_upsert(
            actor=owner,
            assessment=assessment,
            answers=[
                services.AnswerInput(checklist="t-general", item=code, value=value)
                for code, value in (("T-A-01", "no"), ("T-A-03", 1), ("T-B-01", "auto"))
            ],
        )

        def bulk(
            user: Any,
            values: dict[str, Any],
            url: str = f"/api/v1/assessments/{assessment.pk}/answers/",
        ) -> Callable[[threading.Barrier], Any]:
            def job(barrier: threading.Barrier) -> tuple[int, Any]:
                client = _client(user)
                barrier.wait()
                reply = client.post(
                    url,
                    {
                        "answers": [
                            {"checklist": "t-general", "item": c, "value": v, "version": 1}
                            for c, v in values.items()
                        ]
                    },
                    format="json",
                )
                return reply.status_code, reply.json()

            return job

        first = {"T-A-01": "yes", "T-A-03": 2, "T-B-01": "manual"}
        second = {"T-A-01": "yes", "T-A-03": 4, "T-B-01": "auto"}
        results = _race(bulk(owner, first), bulk(member, second))
        assert sorted(status for status, _b in results) == [200, 409], (round_, results)
        won = first if results[0][0] == 200 else second
        stored = dict(
            Answer.objects.filter(assessment=assessment).values_list("item_code", "value")
        )
        assert stored == won, round_
        versions = set(
            Answer.objects.filter(assessment=assessment).values_list("item_code", "version")
        )
        # T-B-01 "auto" → "auto" is unchanged for the second bulk and keeps version 1.
        expected = {("T-A-01", 2), ("T-A-03", 2), ("T-B-01", 2 if won is first else 1)}
        assert versions == expected, round_
        assert len(_answer_events(assessment)) == 2


def test_two_owners_demoting_each_other_at_once_leave_one_owner(world: World) -> None:
    """The memberships are locked while one change checks its rules, so the second sees the
    first's change: it is no longer an owner (403), or would leave none (409); one owner stays."""
    from assessments.models import Membership

    first, second = world.users["owner"], world.users["member"]
    company = world.company
    for round_ in range(5):
        Membership.objects.filter(organization=company, user__in=[first, second]).update(
            role="owner"
        )
        ids = {
            m.user_id: m.pk
            for m in Membership.objects.filter(organization=company, user__in=[first, second])
        }

        def demote(actor: Any, target: int) -> Callable[[threading.Barrier], Any]:
            def job(barrier: threading.Barrier) -> int:
                client = _client(actor)
                barrier.wait()
                reply = client.patch(
                    f"/api/v1/organizations/{company.pk}/members/{target}/",
                    {"role": "viewer"},
                    format="json",
                )
                return int(reply.status_code)

            return job

        pair = [demote(first, ids[second.pk]), demote(second, ids[first.pk])]
        results = _race(*(pair if round_ % 2 == 0 else pair[::-1]))
        assert sorted(results)[0] == 200 and sorted(results)[1] in (403, 409), results
        assert Membership.objects.filter(organization=company, role="owner").count() == 1

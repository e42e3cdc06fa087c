"""A system works in several domains: the API (``domains``, and ``domain`` as before), the form's
checkboxes, the migration of one-domain rows, the evaluator's filter and the applicability facts."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.test import Client

from assessments.models import AISystem
from assessments.selectors import applied_checklists
from tests.assessments.conftest import CONTENT, World
from tests.factories import sign_in

API = "/api/v1"
BASE = {"name": "Triage helper", "purpose": "Sorts emergency patients."}
INVALID = "The request has invalid fields."


def fields_of(response: Any) -> dict[str, Any]:
    assert response.status_code == 400, response.content[:500]
    body = response.json()
    assert body["message"] == INVALID
    return body["extra"]["fields"]


def test_api_creates_a_system_with_two_domains_and_returns_both_shapes(world: World) -> None:
    response = world.client("owner").post(
        f"{API}/systems/", {**BASE, "domains": ["healthcare", "chatbot"]}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["domain"], body["domains"]) == ("healthcare", ["healthcare", "chatbot"])
    stored = AISystem.objects.get(pk=body["id"])
    assert (stored.domain, stored.domains) == ("healthcare", ["healthcare", "chatbot"])
    listed = world.client("owner").get(f"{API}/systems/{body['id']}/").json()
    assert listed["domains"] == ["healthcare", "chatbot"]


def test_api_still_takes_one_domain_as_before(world: World) -> None:
    response = world.client("owner").post(
        f"{API}/systems/", {**BASE, "domain": "chatbot"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert (response.json()["domain"], response.json()["domains"]) == ("chatbot", ["chatbot"])
    # A patch with ``domain`` alone means that one domain from now on.
    pk = response.json()["id"]
    client = world.client("owner")
    client.patch(f"{API}/systems/{pk}/", {"domains": ["chatbot", "finance"]}, format="json")
    patched = client.patch(f"{API}/systems/{pk}/", {"domain": "hiring"}, format="json").json()
    assert (patched["domain"], patched["domains"]) == ("hiring", ["hiring"])


BAD = {
    "an unknown domain in the list": (
        {"domains": ["healthcare", "astrology"]},
        {"domains": {"1": ['"astrology" is not a valid choice.']}},
    ),
    "an empty list": ({"domains": []}, {"domains": ["This list may not be empty."]}),
    "a domain twice": (
        {"domains": ["chatbot", "chatbot"]},
        {"domains": ["chatbot is listed more than once."]},
    ),
    "domain and domains disagree": (
        {"domain": "finance", "domains": ["chatbot", "finance"]},
        {"domain": ["domain is the first of domains; give one or make them agree."]},
    ),
    "domains not a list": (
        {"domains": "chatbot"},
        {"domains": ['Expected a list of items but got type "str".']},
    ),
    "neither": ({}, {"domain": ["This field is required."]}),
}


@pytest.mark.parametrize(("payload", "fields"), BAD.values(), ids=BAD.keys())
def test_bad_domains_are_field_level_400s_and_store_nothing(
    world: World, payload: dict[str, Any], fields: dict[str, Any]
) -> None:
    before = AISystem.objects.count()
    response = world.client("owner").post(f"{API}/systems/", {**BASE, **payload}, format="json")
    assert fields_of(response) == fields
    assert AISystem.objects.count() == before


def test_patching_domains_is_checked_too_and_scoped(world: World) -> None:
    pk = world.system.pk
    bad = world.client("owner").patch(
        f"{API}/systems/{pk}/", {"domains": ["hiring", "astrology"]}, format="json"
    )
    assert fields_of(bad) == {"domains": {"1": ['"astrology" is not a valid choice.']}}
    other = world.client("other_company").patch(
        f"{API}/systems/{pk}/", {"domains": ["chatbot"]}, format="json"
    )
    assert other.status_code == 404
    anonymous = world.client("anonymous").patch(
        f"{API}/systems/{pk}/", {"domains": ["chatbot"]}, format="json"
    )
    assert anonymous.status_code == 401
    world.system.refresh_from_db()
    assert world.system.domains == ["hiring"]


def test_the_form_saves_several_ticked_domains(world: World) -> None:
    client = Client()
    sign_in(client, world.users["owner"])
    form = {
        **BASE,
        "domains": ["healthcare", "chatbot"],
        "role": "operator",
        "deployment_context": "",
        "user_groups": "",
    }
    response = client.post("/app/systems/new/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    system = AISystem.objects.get(name=BASE["name"])
    assert (system.domain, system.domains) == ("healthcare", ["healthcare", "chatbot"])
    page = client.get(f"/app/systems/{system.pk}/edit/").content.decode()
    ticked = {
        value
        for tag in re.findall(r'<input type="checkbox" name="domains"[^>]*>', page)
        if " checked" in tag
        for value in re.findall(r'value="([a-z_]+)"', tag)
    }
    assert ticked == {"healthcare", "chatbot"}


@pytest.mark.parametrize(
    ("domains", "message"),
    [
        ([], "Choose at least one domain."),
        (["astrology"], "Select a valid choice. astrology is not one of the available choices."),
    ],
)
def test_the_form_refuses_no_domain_or_an_unknown_one(
    world: World, domains: list[str], message: str
) -> None:
    client = Client(headers={"Accept-Language": "en"})
    sign_in(client, world.users["owner"])
    response = client.post("/app/systems/new/", {**BASE, "domains": domains, "role": "operator"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AISystem.objects.filter(name=BASE["name"]).exists()


def test_the_migration_gives_each_existing_system_its_domain_as_a_list(world: World) -> None:
    AISystem.objects.filter(pk=world.system.pk).update(domains=[])  # a row as 0014 left it
    migration = importlib.import_module("assessments.migrations.0015_system_domains")
    migration.one_domain_to_list(django_apps, None)
    world.system.refresh_from_db()
    assert world.system.domains == ["hiring"]


def test_the_queue_filters_by_any_of_the_domains(world: World) -> None:
    world.system.domains = ["hiring", "chatbot"]
    world.system.save()
    submitted = world.submitted()
    client = Client(headers={"Accept-Language": "en"})
    sign_in(client, world.users["evaluator"])
    shown = client.get("/app/queue/?domain=chatbot").content.decode()
    hidden = client.get("/app/queue/?domain=finance").content.decode()
    assert f"/app/assessments/{submitted.pk}/" in shown
    assert f"/app/assessments/{submitted.pk}/" not in hidden
    assert "Hiring and HR, Chatbot" in shown


def test_applicability_reads_every_domain(world: World, settings: Any, tmp_path: Path) -> None:
    """A rule on ``system.domains`` sees the second domain too (the fixture rules read 1.x's
    ``system.domain``, the first one only)."""
    rules = (CONTENT / "rules.yaml").read_text(encoding="utf-8")
    path = tmp_path / "rules.yaml"
    path.write_text(
        rules.replace("fact: system.domain,", "fact: system.domains,"), encoding="utf-8"
    )
    settings.APPLICABILITY_RULES = path
    world.system.domains = ["chatbot"]
    world.system.save()
    assessment = world.new_assessment()
    assert "t-hiring" not in {e.document.slug for e in applied_checklists(assessment)}
    world.client("owner").patch(
        f"{API}/systems/{world.system.pk}/", {"domains": ["chatbot", "hiring"]}, format="json"
    )
    assert "t-hiring" in {e.document.slug for e in applied_checklists(assessment)}

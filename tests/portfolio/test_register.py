"""The AI system register (issue 12 part 2): who sees it, its rows, filters, sort, exports and
its cost in queries."""

from __future__ import annotations

import csv
import io
import re
from html import unescape
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tests.assessments.conftest import World
from tests.factories import SystemFactory, sign_in
from tests.portfolio.builders import clone_systems, evaluated_system

pytestmark = pytest.mark.django_db


def _client(world: World, who: str, language: str = "en") -> Client:
    client = Client(headers={"Accept-Language": language})
    if who != "anonymous":
        sign_in(client, world.users[who])
    return client


def _page_rows(html: str) -> list[list[str]]:
    """The register table's cells as text, row by row (links and markup stripped)."""
    body = html.split('id="register"', 1)[1].split("</table>", 1)[0]
    rows = []
    for row in re.findall(r"<tr data-system=.*?</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*data-column=[^>]*>(.*?)</t[hd]>", row, re.S)
        texts = []
        for cell in cells:
            cell = re.sub(r'<div class="small record-links">.*?</div>', "", cell, flags=re.S)
            texts.append(unescape(re.sub(r"<[^>]+>", "", cell)).strip())
        rows.append(texts)
    return rows


def _page_cells(html: str) -> list[dict[str, str]]:
    """Each row as column key → text."""
    body = html.split('id="register"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr data-system=.*?</tr>", body, re.S)
    keys = [re.findall(r'data-column="([a-z0-9_]+)"', row) for row in rows]
    return [dict(zip(k, v, strict=True)) for k, v in zip(keys, _page_rows(html), strict=True)]


def _page_header(html: str) -> list[str]:
    head = html.split('id="register"', 1)[1].split("</thead>", 1)[0]
    return [
        unescape(re.sub(r"<[^>]+>|[▲▼]", "", th)).strip()
        for th in re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", head, re.S)
    ]


@pytest.fixture
def portfolio(world: World) -> dict[str, Any]:
    """Three systems: one evaluated (report issued), one submitted, one never assessed."""
    report = evaluated_system(world, "Alpha scorer")
    world.submitted()  # world.system, "Résumé ranker": submitted to the lab, high-impact
    idle = SystemFactory(
        organization=world.company,
        name="Zeta idle",
        domain="chatbot",
        generative=True,
        created_by=world.users["owner"],
    )
    SystemFactory(
        organization=world.other_company, name="Not ours", created_by=world.users["other_company"]
    )
    return {"report": report, "idle": idle}


@pytest.mark.parametrize("who", ["owner", "member", "viewer"])
def test_company_roles_read_their_register(
    world: World, portfolio: dict[str, Any], who: str
) -> None:
    page = _client(world, who).get("/app/register/")
    assert page.status_code == 200
    html = page.content.decode()
    rows = _page_rows(html)
    assert [r[0] for r in rows] == ["Alpha scorer", "Résumé ranker", "Zeta idle"]
    assert "Not ours" not in html
    api = _client(world, who).get("/api/v1/register/").json()
    assert [r["name"] for r in api["results"]] == ["Alpha scorer", "Résumé ranker", "Zeta idle"]
    chosen = _client(world, who).get(f"/api/v1/register/?organization={world.company.pk}")
    assert chosen.json()["count"] == 3


def test_rows_carry_the_statuses(world: World, portfolio: dict[str, Any]) -> None:
    api = _client(world, "owner").get("/api/v1/register/").json()["results"]
    alpha, ranker, idle = api
    assert alpha["assessment"]["status"] == "approved"
    assert alpha["outcome"] == "pass" and alpha["validity"] == "valid"
    assert alpha["report"] == portfolio["report"].code
    assert alpha["verified"] is not None and alpha["verified_items"] == 2
    assert ranker["assessment"]["status"] == "submitted" and ranker["outcome"] is None
    assert ranker["high_impact"] == "yes" and ranker["impact_level"] == 4
    assert ranker["areas"] == ["rights_evaluation"] and ranker["verified"] is None
    # The fixture screening asks neither the compute nor the foreign-operator question.
    assert ranker["duties"] == {
        "31": "applies",
        "32": "undetermined",
        "34": "applies",
        "35": "applies",
        "36": "undetermined",
    }
    assert idle["assessment"] is None and idle["high_impact"] == "none"
    assert idle["duties"]["31"] == "applies"  # generative by its profile
    assert idle["duties"]["34"] == "undetermined" and idle["validity"] == "none"
    rows = _page_cells(_client(world, "owner").get("/app/register/").content.decode())
    assert rows[1]["high_impact"] == "High-impact" and rows[1]["impact_level"] == "IV"
    assert rows[1]["art32"] == "Not determined" and rows[1]["outcome"] == "—"
    assert rows[0]["validity"] == "Valid" and rows[0]["valid_until"] != "—"
    assert rows[0]["outcome"] == "Pass" and rows[0]["coverage"] == "2 / 7"


def test_outsiders_get_nothing(world: World, portfolio: dict[str, Any]) -> None:
    company = world.company.pk
    # Another company's owner reads their own register, and never ours.
    other = _client(world, "other_company")
    assert [r[0] for r in _page_rows(other.get("/app/register/").content.decode())] == ["Not ours"]
    assert other.get(f"/app/register/?organization={company}").status_code == 404
    assert other.get(f"/api/v1/register/?organization={company}").status_code == 404
    assert other.get(f"/app/register/export.xlsx?organization={company}").status_code == 404
    assert other.get(f"/app/register/export.csv?organization={company}").status_code == 404
    # Evaluation bodies have no register: the page is 404, the API an empty list.
    for who in ("evaluator", "lead"):
        client = _client(world, who)
        assert client.get("/app/register/").status_code == 404
        assert client.get("/app/register/export.csv").status_code == 404
        assert client.get("/api/v1/register/").json()["count"] == 0
        assert client.get(f"/api/v1/register/?organization={company}").status_code == 404
    anonymous = _client(world, "anonymous")
    page = anonymous.get("/app/register/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/login/")
    assert anonymous.get("/app/register/export.xlsx").status_code == 302
    assert anonymous.get("/api/v1/register/").status_code == 401


def test_filters_and_sort_are_shared_by_the_page_and_the_api(
    world: World, portfolio: dict[str, Any]
) -> None:
    client = _client(world, "owner")
    cases = {
        "high_impact=yes": ["Alpha scorer", "Résumé ranker"],
        "high_impact=none": ["Zeta idle"],
        "outcome=pass": ["Alpha scorer"],
        "validity=none": ["Résumé ranker", "Zeta idle"],
        "duty=31": ["Alpha scorer", "Résumé ranker", "Zeta idle"],
        "status=submitted": ["Résumé ranker"],
        "domain=chatbot": ["Zeta idle"],
        "q=rank": ["Résumé ranker"],
        "verified=yes": ["Alpha scorer"],
        "sort=-name": ["Zeta idle", "Résumé ranker", "Alpha scorer"],
        "sort=-assessed": ["Résumé ranker", "Alpha scorer", "Zeta idle"],  # none: last
        "sort=assessed": ["Alpha scorer", "Résumé ranker", "Zeta idle"],
        "high_impact=yes&sort=-name": ["Résumé ranker", "Alpha scorer"],
    }
    for query, expected in cases.items():
        page = client.get(f"/app/register/?{query}").content.decode()
        assert [r[0] for r in _page_rows(page)] == expected, query
        api = client.get(f"/api/v1/register/?{query}").json()
        assert [r["name"] for r in api["results"]] == expected, query


def test_bad_filters_are_refused_field_by_field(world: World, portfolio: dict[str, Any]) -> None:
    client = _client(world, "owner")
    page = client.get("/app/register/?high_impact=maybe&sort=colour")
    assert page.status_code == 400
    html = page.content.decode()
    assert 'role="alert"' in html and "maybe" in html and 'id="register"' not in html
    api = client.get("/api/v1/register/?high_impact=maybe&sort=colour")
    assert api.status_code == 400
    fields = api.json()["extra"]["fields"]
    assert set(fields) == {"high_impact", "sort"}
    assert client.get("/app/register/export.xlsx?impact_level=9").status_code == 400
    assert client.get("/api/v1/register/?organization=abc").status_code == 400


def test_exports_hold_the_rows_and_columns_of_the_page(
    world: World, portfolio: dict[str, Any]
) -> None:
    for language in ("en", "ko"):
        client = _client(world, "owner", language)
        query = "high_impact=yes&sort=-name"
        html = client.get(f"/app/register/?{query}").content.decode()
        header, rows = _page_header(html), _page_rows(html)
        assert len(rows) == 2 and len(header) == len(rows[0]) >= 17
        response = client.get(f"/app/register/export.xlsx?{query}")
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
        values = [
            [c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)
        ]
        assert values[1] == header
        assert values[2:] == rows
        text = client.get(f"/app/register/export.csv?{query}").content.decode("utf-8-sig")
        table = list(csv.reader(io.StringIO(text)))
        assert table[0] == header and table[1:] == rows


def test_user_text_is_escaped_and_never_a_formula(world: World) -> None:
    SystemFactory(
        organization=world.company,
        name='=HYPERLINK("http://evil")<script>x</script>',
        created_by=world.users["owner"],
    )
    client = _client(world, "owner")
    html = client.get("/app/register/").content.decode()
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html
    sheet = load_workbook(io.BytesIO(client.get("/app/register/export.xlsx").content)).active
    cell = sheet["A3"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    text = client.get("/app/register/export.csv").content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1][0].startswith("'=HYPERLINK")


def test_the_header_links_to_the_register_for_company_users(world: World) -> None:
    assert 'href="/app/register/"' in _client(world, "viewer").get("/app/").content.decode()
    queue = _client(world, "evaluator").get("/app/queue/").content.decode()
    assert 'href="/app/register/"' not in queue


def test_the_charts_count_the_rows_shown(world: World, portfolio: dict[str, Any]) -> None:
    html = _client(world, "owner").get("/app/register/").content.decode()
    impact = html.split('id="chart-impact"', 1)[1].split("</section>", 1)[0]
    assert re.search(r"<title[^>]*>Systems by impact level</title>", impact)
    assert "Impact level IV: <strong>2</strong>" in impact  # both assessed systems
    assert "Not determined: <strong>1</strong>" in impact
    outcome = html.split('id="chart-outcome"', 1)[1].split("</section>", 1)[0]
    assert "Pass: <strong>1</strong>" in outcome and "No evaluation: <strong>2</strong>" in outcome
    expiry = html.split('id="chart-expiry"', 1)[1].split("</section>", 1)[0]
    assert re.search(
        r"<desc[^>]*>Expired: 0; Expires within 90 days: 0; Valid: 1; No evaluation: 2</desc>",
        expiry,
    )


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(captured)


def test_queries_do_not_grow_with_the_number_of_systems(world: World) -> None:
    template = evaluated_system(world)
    client = _client(world, "owner")
    clone_systems(template, 3)  # with world.system (never assessed): five systems
    urls = ("/app/register/", "/api/v1/register/?page_size=1000", "/app/register/export.xlsx")
    at_five = {url: _queries(client, url) for url in urls}
    clone_systems(template, 495)
    at_500 = {url: _queries(client, url) for url in urls}
    assert at_500 == at_five, (at_five, at_500)
    api = client.get("/api/v1/register/").json()
    assert api["count"] == 500 and len(api["results"]) == 100
    everything = client.get("/api/v1/register/?page_size=1000&outcome=pass").json()
    assert everything["count"] == len(everything["results"]) == 499


def test_the_schema_documents_the_filters(world: World) -> None:
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/v1/register/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"q", "domain", "high_impact", "duty", "outcome", "validity", "sort"} <= names
    assert {"organization", "page", "page_size"} <= names
    assert "200" in operation["responses"]


def test_open_and_overdue_actions(world: World, portfolio: dict[str, Any]) -> None:
    """The remediation plan's counts per system: two columns, a filter and a sort."""
    from datetime import timedelta

    from django.utils import timezone

    from remediation import services as remediation
    from remediation.services import ItemRef

    owner = world.users["owner"]
    assessment = world.system.assessments.get()
    today = timezone.localdate()
    for title, due in (
        ("Late fix", today - timedelta(days=3)),
        ("Next fix", today + timedelta(days=9)),
    ):
        remediation.action_create(
            actor=owner,
            assessment=assessment,
            title=title,
            source="gap",
            items=[ItemRef("t-general", "T-A-03")],
            owner=owner,
            due_date=due,
        )
    client = _client(world, "owner")
    api = {r["name"]: r["actions"] for r in client.get("/api/v1/register/").json()["results"]}
    assert api == {
        "Alpha scorer": {"open": 0, "overdue": 0},
        "Résumé ranker": {"open": 2, "overdue": 1},
        "Zeta idle": {"open": 0, "overdue": 0},
    }
    html = client.get("/app/register/").content.decode()
    assert _page_header(html)[-2:] == ["Open actions", "Overdue actions"]
    ranker = _page_cells(html)[1]
    assert ranker["system"] == "Résumé ranker"
    assert (ranker["open_actions"], ranker["overdue_actions"]) == ("2", "1")
    overdue = client.get("/api/v1/register/?overdue=yes").json()["results"]
    assert [r["name"] for r in overdue] == ["Résumé ranker"]
    ordered = client.get("/api/v1/register/?sort=-overdue_actions").json()["results"]
    assert ordered[0]["name"] == "Résumé ranker"


def test_odd_input_is_a_clear_4xx(world: World, portfolio: dict[str, Any]) -> None:
    client = _client(world, "owner")
    client.raise_request_exception = False
    for query, status in (
        ("q=%00", 400),
        ("q=" + "x" * 201, 400),
        ("organization=99999999999999999", 404),
        ("organization=-1", 400),
        ("page=999", 404),
        ("page_size=0", 200),
    ):
        reply = client.get(f"/api/v1/register/?{query}")
        assert reply.status_code == status, (query, reply.status_code)
        assert status == 200 or "message" in reply.json(), query
    assert client.get("/app/register/?q=%00").status_code == 400
    assert client.get("/app/register/?organization=abc").status_code == 404

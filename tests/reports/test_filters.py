"""The reports list's filters (``reports.filtersets.ReportFilterSet``), shared by
``GET /api/v1/reports/`` and the assessment's reports page: an invalid value is a field-level 400
in the API and a form error on the page."""

from __future__ import annotations

import pytest
from django.test import Client

from assessments.models import Assessment, Revision
from reports.models import Report, new_code
from tests.assessments.conftest import World
from tests.factories import sign_in

API = "/api/v1"
pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(world: World) -> tuple[Assessment, dict[str, Report]]:
    """Three report rows of one submitted revision (no rendering: the filters read rows)."""
    assessment = world.submitted()
    revision = Revision.objects.get(assessment=assessment, number=1)
    owner = world.users["owner"]
    rows = {
        name: Report.objects.create(
            code=new_code(2026),
            kind="self_assessment",
            language=language,
            assessment=assessment,
            revision=revision,
            issuer=owner,
            status=status,
            data={},
            data_sha256="0" * 64,
        )
        for name, language, status in (
            ("ko_failed", "ko", "failed"),
            ("en_failed", "en", "failed"),
            ("ko_queued", "ko", "queued"),
        )
    }
    return assessment, rows


def _ids(reply: object) -> set[int]:
    return {row["id"] for row in reply.json()["results"]}  # type: ignore[attr-defined]


def test_the_api_filters_by_assessment_kind_language_and_status(
    world: World, reports: tuple[Assessment, dict[str, Report]]
) -> None:
    assessment, rows = reports
    client = world.client("owner")
    every = client.get(f"{API}/reports/", {"assessment": assessment.pk})
    assert _ids(every) == {r.pk for r in rows.values()}
    failed_ko = client.get(f"{API}/reports/", {"language": "ko", "status": "failed"})
    assert _ids(failed_ko) == {rows["ko_failed"].pk}
    assert _ids(client.get(f"{API}/reports/", {"kind": "evaluation"})) == set()
    assert _ids(client.get(f"{API}/reports/", {"assessment": assessment.pk + 1000})) == set()
    # Scoping first: another company's filters find nothing of this one.
    other = world.client("other_company").get(f"{API}/reports/", {"assessment": assessment.pk})
    assert _ids(other) == set()


@pytest.mark.parametrize(
    ("query", "field", "says"),
    [
        ({"assessment": "abc"}, "assessment", "whole number"),
        ({"assessment": "²"}, "assessment", "whole number"),
        ({"assessment": "9223372036854775808"}, "assessment", "less than or equal"),
        ({"assessment": "0"}, "assessment", "greater than or equal"),
        ({"kind": "certificate"}, "kind", "valid choice"),
        ({"status": "lost"}, "status", "valid choice"),
        ({"language": "fr"}, "language", "valid choice"),
    ],
)
def test_an_invalid_api_filter_is_a_field_level_400(
    world: World, query: dict[str, str], field: str, says: str
) -> None:
    reply = world.client("owner").get(f"{API}/reports/", query)
    assert reply.status_code == 400
    fields = reply.json()["extra"]["fields"]
    assert list(fields) == [field] and says in fields[field][0]


def _page(world: World, assessment: Assessment, query: dict[str, str]) -> tuple[int, str]:
    client = Client(headers={"Accept-Language": "en"})
    sign_in(client, world.users["owner"])
    response = client.get(f"/app/assessments/{assessment.pk}/reports/", query)
    return response.status_code, response.content.decode()


def test_the_reports_page_filters_with_the_same_filterset(
    world: World, reports: tuple[Assessment, dict[str, Report]]
) -> None:
    assessment, rows = reports
    code, page = _page(world, assessment, {"status": "failed", "language": "en"})
    assert code == 200
    assert rows["en_failed"].code in page
    assert rows["ko_failed"].code not in page and rows["ko_queued"].code not in page
    assert '<option value="failed" selected>' in page
    _code, none = _page(world, assessment, {"kind": "evaluation"})
    assert "No report matches these filters." in none


def test_an_invalid_filter_on_the_page_is_a_form_error(
    world: World, reports: tuple[Assessment, dict[str, Report]]
) -> None:
    assessment, rows = reports
    code, page = _page(world, assessment, {"status": "lost", "language": "ko"})
    assert code == 400
    assert 'id="rf-status-error"' in page and "Select a valid choice." in page
    # The valid filter still applies.
    assert rows["ko_failed"].code in page and rows["en_failed"].code not in page

"""The upgrade page, the fill page's review marks, re-assessment and the series on the dashboard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from assessments import services
from assessments.models import Answer, Assessment
from assessments.upgrades import upgrade_preview
from assessments.views.living import word_diff
from core.charts import series
from tests.assessments.conftest import World, publish_general_v2
from tests.assessments.test_upgrade import _approved


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _client(world: World, who: str = "owner") -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(world.users[who])
    return client


def test_word_diff_marks_changed_words_and_escapes() -> None:
    old, new = word_diff("Is the <b>plan</b> reviewed?", "Is the <b>plan</b> reviewed every year?")
    assert "<b>" not in old and "&lt;b&gt;plan&lt;/b&gt;" in old
    assert "<del>reviewed?</del>" in old
    assert "<ins>reviewed every year?</ins>" in new
    assert word_diff("같다", "같다") == ("같다", "같다")


def test_series_chart_escapes_and_needs_two_points() -> None:
    assert series([("2026-01-01", 50.0)], title="x") == ""
    svg = series([("<2025>", 40.0), ("2026", None), ("2027", 80.0)], title="a&b")
    assert svg.startswith("<svg") and "&lt;2025&gt;" in svg and ">a&amp;b</title>" in svg
    assert svg.count("<circle") == 2


def test_upgrade_page_shows_the_diff_and_one_button_upgrades(world: World) -> None:
    assessment = world.new_assessment()
    world.answer_all(assessment)
    client = _client(world)
    detail = client.get(f"/app/assessments/{assessment.pk}/").content.decode()
    assert 'id="upgrade-available"' not in detail
    publish_general_v2()
    detail = client.get(f"/app/assessments/{assessment.pk}/").content.decode()
    assert f'href="/app/assessments/{assessment.pk}/upgrade/"' in detail
    page = client.get(f"/app/assessments/{assessment.pk}/upgrade/").content.decode()
    assert 'data-item="T-A-02"' in page and "<ins>" in page and "<del>" in page
    assert 'data-item="T-A-01"' not in page  # unchanged items are counted, not listed
    assert 'data-count="dropped">1<' in page and 'data-count="needs_review">2<' in page
    assert 'class="fate fate-dropped"' in page
    token = page.split('name="preview" value="')[1].split('"')[0]
    response = client.post(f"/app/assessments/{assessment.pk}/upgrade/", {"preview": token})
    assert response.status_code == 302
    assert (
        Answer.objects.filter(
            assessment=assessment, checklist_version__version="2.0.0", review_reason="changed"
        ).count()
        == 2
    )
    # A second post of the same (now stale) preview changes nothing and says so.
    again = client.post(f"/app/assessments/{assessment.pk}/upgrade/", {"preview": token})
    assert again.status_code == 302 and again.url.endswith("/upgrade/")


def test_viewer_sees_the_preview_without_a_button_and_cannot_post(world: World) -> None:
    assessment = world.new_assessment()
    world.answer_all(assessment)
    publish_general_v2()
    viewer = _client(world, "viewer")
    page = viewer.get(f"/app/assessments/{assessment.pk}/upgrade/").content.decode()
    assert 'data-item="T-A-02"' in page and 'id="confirm-upgrade"' not in page
    assert (
        viewer.post(f"/app/assessments/{assessment.pk}/upgrade/", {"preview": "x"}).status_code
        == 404
    )


def test_fill_page_lists_flagged_answers_first_and_the_checkbox_confirms(world: World) -> None:
    assessment = world.new_assessment()
    world.answer_all(assessment)
    publish_general_v2()
    token = upgrade_preview(assessment).token
    services.assessment_upgrade(
        actor=world.users["owner"], assessment=assessment, checklists="all", preview=token
    )
    client = _client(world)
    url = f"/app/assessments/{assessment.pk}/fill/t-general/"
    page = client.get(url + "?section=T-B").content.decode()
    assert 'id="needs-review"' in page
    # T-B-01 (flagged) comes before T-B-03 (not) in its section
    assert page.index('id="item-T-B-01"') < page.index('id="item-T-B-03"')
    only = client.get(url + "?section=T-B&review=1").content.decode()
    assert 'id="item-T-B-01"' in only and 'id="item-T-B-03"' not in only
    answer = Answer.objects.get(
        assessment=assessment, item_code="T-B-01", checklist_version__version="2.0.0"
    )
    # Saving the section without ticking "Confirmed" leaves the mark ...
    form = {
        "section": "T-B",
        "a-T-B-01-version": answer.version,
        "a-T-B-01-value": "manual",
        "a-T-B-01-comment": "",
    }
    client.post(url, form)
    answer.refresh_from_db()
    assert answer.review_reason == "changed"
    # ... ticking it confirms the unchanged value.
    client.post(url, form | {"a-T-B-01-confirm": "1"})
    answer.refresh_from_db()
    assert answer.review_reason == "" and answer.value == "manual"


def test_reassess_button_and_series_on_the_dashboard(world: World) -> None:
    approved = _approved(world)
    client = _client(world)
    detail = client.get(f"/app/assessments/{approved.pk}/").content.decode()
    assert 'id="reassess"' in detail
    response = client.post(f"/app/assessments/{approved.pk}/reassess/")
    assert response.status_code == 302
    fresh = Assessment.objects.get(previous=approved)
    assert response.url == f"/app/assessments/{fresh.pk}/"
    dashboard = client.get("/app/").content.decode()
    assert f'data-system="{world.system.pk}"' in dashboard and "<polyline" in dashboard
    assert 'id="reassess"' not in client.get(response.url).content.decode()  # a draft
    viewer = _client(world, "viewer")
    assert 'id="reassess"' not in viewer.get(f"/app/assessments/{approved.pk}/").content.decode()
    assert viewer.post(f"/app/assessments/{approved.pk}/reassess/").status_code == 404

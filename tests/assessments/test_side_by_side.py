"""Old and new content side by side: load_checklists keeps every 1.x version next to its 2.x;
new assessments take the newest, existing ones keep theirs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from assessments import selectors, services
from checklists.loader import CONTENT_DIR, content_files, load_file
from checklists.models import ChecklistVersion
from checklists.schema import semver_key
from checklists.selectors import latest_versions
from tests.assessments.conftest import SCREENING_ANSWERS, World

ENGINE = Path(__file__).resolve().parent / "content_engine"


def test_new_assessments_take_the_newest_version_and_old_ones_keep_theirs(world: World) -> None:
    before = world.new_assessment()
    services.answers_upsert(
        actor=world.users["owner"],
        assessment=before,
        answers=[
            services.AnswerInput(checklist="t-screening", item=code, value=value)
            for code, value in SCREENING_ANSWERS.items()
        ],
    )
    assert "t-hiring@1.0.0" in selectors.score_of(before).applicable
    call_command("load_checklists", path=ENGINE, stdout=io.StringIO())
    assert set(
        ChecklistVersion.objects.filter(checklist__slug="t-hiring").values_list(
            "version", flat=True
        )
    ) == {"1.0.0", "2.0.0"}
    before.refresh_from_db()
    assert "t-hiring@1.0.0" in selectors.score_of(before).applicable  # kept: no silent move
    after = world.new_assessment()
    services.answers_upsert(
        actor=world.users["owner"],
        assessment=after,
        answers=[
            services.AnswerInput(checklist="t-screening", item=code, value=value)
            for code, value in SCREENING_ANSWERS.items()
        ],
    )
    assert "t-hiring@2.0.0" in selectors.score_of(after).applicable


@pytest.mark.django_db
def test_the_shipped_content_loads_every_version_side_by_side() -> None:
    """Every file of the content folder, 1.x and any 2.x, loads in one go (same_as references
    checked across the whole set), and the newest version of each checklist is the one new
    assessments get."""
    call_command("load_checklists", path=CONTENT_DIR, stdout=io.StringIO())
    files: dict[str, list[str]] = {}
    for path in content_files(CONTENT_DIR):
        document = load_file(path)
        files.setdefault(document.slug, []).append(document.version)
    stored = {
        slug: sorted(
            ChecklistVersion.objects.filter(checklist__slug=slug).values_list("version", flat=True)
        )
        for slug in files
    }
    assert stored == {slug: sorted(versions) for slug, versions in files.items()}
    newest = {v.checklist.slug: v.version for v in latest_versions()}
    assert newest == {slug: max(versions, key=semver_key) for slug, versions in files.items()}

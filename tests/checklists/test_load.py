"""``load_checklists``: idempotent, all-or-nothing, immutable published versions."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from checklists.loader import document_sha256, load_file
from checklists.models import Checklist, ChecklistVersion
from checklists.selectors import document_for
from tests.checklists.fixtures import VALID, write


def run(path: Path) -> str:
    out = io.StringIO()
    call_command("load_checklists", path=path, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_first_load_creates_and_second_changes_nothing(content_dir: Path) -> None:
    first = run(content_dir)
    assert "created   demo-basic@1.0.0 (3 items)" in first
    assert "1 created, 0 unchanged" in first
    stored = ChecklistVersion.objects.get()
    assert stored.sha256 == document_sha256(load_file(content_dir / "demo-basic" / "1.0.0.yaml"))

    second = run(content_dir)
    assert "unchanged demo-basic@1.0.0" in second
    assert "0 created, 1 unchanged" in second
    assert ChecklistVersion.objects.count() == 1
    assert ChecklistVersion.objects.get().published_at == stored.published_at


@pytest.mark.django_db
def test_comments_and_layout_are_not_content(content_dir: Path) -> None:
    run(content_dir)
    write(content_dir, "# a comment\n" + VALID.replace("weight: 2", "weight:    2"))
    assert "0 created, 1 unchanged" in run(content_dir)


@pytest.mark.django_db
def test_edited_published_version_is_refused_naming_file_and_item(content_dir: Path) -> None:
    run(content_dir)
    write(content_dir, VALID.replace('"Which method is used?"', '"Which method do you use?"'))
    with pytest.raises(CommandError) as caught:
        run(content_dir)
    message = str(caught.value)
    assert "demo-basic/1.0.0.yaml" in message
    assert "item DEM-B-01 changed (text)" in message
    assert "give the change a new version number" in message
    stored = document_for(ChecklistVersion.objects.get())
    assert stored.sections[1].items[0].text.en == "Which method is used?"


@pytest.mark.django_db
def test_new_version_number_creates_a_new_version_and_keeps_the_old(content_dir: Path) -> None:
    run(content_dir)
    write(
        content_dir,
        VALID.replace("version: 1.0.0", "version: 1.1.0").replace(
            '"Which method is used?"', '"Which method?"'
        ),
        version="1.1.0",
    )
    output = run(content_dir)
    assert "created   demo-basic@1.1.0" in output
    assert "unchanged demo-basic@1.0.0" in output
    versions = {v.version: v for v in ChecklistVersion.objects.all()}
    assert set(versions) == {"1.0.0", "1.1.0"}
    assert document_for(versions["1.0.0"]).sections[1].items[0].text.en == "Which method is used?"
    assert document_for(versions["1.1.0"]).sections[1].items[0].text.en == "Which method?"


@pytest.mark.django_db
def test_one_broken_file_loads_nothing(content_dir: Path) -> None:
    other = VALID.replace("slug: demo-basic", "slug: demo-other").replace(
        "en: First part}", "en: ''}"
    )
    write(content_dir, other, slug="demo-other")
    with pytest.raises(CommandError) as caught:
        run(content_dir)
    assert "demo-other/1.0.0.yaml:11: sections[DEM-A].title.en" in str(caught.value)
    assert "nothing was loaded" in str(caught.value)
    assert not ChecklistVersion.objects.exists()
    assert not Checklist.objects.exists()


@pytest.mark.django_db
def test_kind_of_a_slug_cannot_change(content_dir: Path) -> None:
    run(content_dir)
    write(
        content_dir,
        VALID.replace("version: 1.0.0", "version: 2.0.0").replace(
            "kind: self_check", "kind: screening"
        ),
        version="2.0.0",
    )
    with pytest.raises(CommandError, match="demo-basic is a self_check checklist"):
        run(content_dir)
    assert ChecklistVersion.objects.count() == 1


@pytest.mark.django_db
def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="is not a folder"):
        run(tmp_path / "nope")
    with pytest.raises(CommandError, match="no checklist files"):
        run(tmp_path)


def test_schema_json_is_current() -> None:
    call_command("export_checklist_schema", check=True, stdout=io.StringIO())


@pytest.mark.django_db
def test_parsed_documents_are_cached_per_version(
    content_dir: Path, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    run(content_dir)
    first = document_for(ChecklistVersion.objects.get())
    fresh = ChecklistVersion.objects.defer("document").get()
    with django_assert_num_queries(0):
        again = document_for(fresh)  # a cache hit never reads the deferred document
    assert again is first
    assert again.model_config.get("frozen") is True

"""Catalog pages in Korean and English."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.test import Client

from tests.checklists.fixtures import VALID, write


@pytest.mark.django_db
def test_catalog_in_korean_by_default(loaded: Path, client: Client) -> None:
    page = client.get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="ko">' in html
    assert "데모 점검표" in html
    assert "Demo checklist" not in html


@pytest.mark.django_db
def test_language_switch_to_english_is_remembered(loaded: Path, client: Client) -> None:
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/checklists/demo-basic/"})
    assert switched.status_code == 302
    page = client.get("/checklists/demo-basic/")
    html = page.content.decode()
    assert '<html lang="en">' in html
    assert "Does it process personal data?" in html
    assert "Guidance" not in html or "가명처리" not in html
    assert "개인정보를 처리하는가?" not in html


@pytest.mark.django_db
def test_detail_shows_sections_items_and_versions(loaded: Path, client: Client) -> None:
    write(loaded, VALID.replace("version: 1.0.0", "version: 2.0.0"), version="2.0.0")
    from django.core.management import call_command

    call_command("load_checklists", path=loaded, stdout=io.StringIO())
    html = client.get("/checklists/demo-basic/").content.decode()
    assert 'id="DEM-A"' in html and 'id="DEM-B-01"' in html
    assert "2.0.0" in html and '<option value="1.0.0"' in html
    old = client.get("/checklists/demo-basic/?version=1.0.0").content.decode()
    assert '<option value="1.0.0" selected>' in old


@pytest.mark.django_db
def test_unknown_checklist_is_404(client: Client) -> None:
    assert client.get("/checklists/nope/").status_code == 404
    assert client.get("/").status_code == 200  # an empty catalog still renders


@pytest.mark.django_db
def test_content_text_is_escaped(content_dir: Path, client: Client) -> None:
    from django.core.management import call_command

    write(
        content_dir,
        VALID.replace("en: Demo checklist}", 'en: "<script>alert(1)</script>"}').replace(
            "slug: demo-basic", "slug: demo-xss"
        ),
        slug="demo-xss",
    )
    call_command("load_checklists", path=content_dir, stdout=io.StringIO())
    client.post("/i18n/setlang/", {"language": "en"})
    html = client.get("/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

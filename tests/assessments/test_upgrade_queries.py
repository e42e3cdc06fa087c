"""The upgrade preview and the upgrade cost a fixed number of queries, however many items."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from assessments import services
from assessments.models import Answer
from tests.assessments.test_query_counts import build, checklist_yaml, client_for, count

SMALL, LARGE = 20, 200


def _publish_v2(tmp_path: Path, slug: str, n: int) -> None:
    """2.0.0 of the generated checklist: every fourth item reworded, the last one removed."""
    text = checklist_yaml(slug, n).replace("version: 1.0.0", "version: 2.0.0")

    def reword(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return f'en: "Question Q-{number:05d}, asked again?"' if number % 4 == 0 else match.group(0)

    text = re.sub(r'en: "Question Q-(\d{5})\?"', reword, text)
    last = f"Q-{n - 1:05d}"
    text = re.sub(rf"      - code: {last}\n(        .*\n)+", "", text)
    root = tmp_path / f"v2-{n}" / slug
    root.mkdir(parents=True)
    (root / "2.0.0.yaml").write_text(text, encoding="utf-8")
    call_command("load_checklists", path=root.parent, stdout=io.StringIO())


def _measure(n: int, tmp_path: Path, settings: Any) -> tuple[int, int, dict[str, int]]:
    sized = build(n, tmp_path, settings, review=False)
    for number in range(2):
        services.evidence_upload(
            actor=sized.owner,
            assessment=sized.assessment,
            checklist=sized.slug,
            item=f"Q-{number:05d}",
            upload=SimpleUploadedFile(f"p{number}.txt", b"proof\n", content_type="text/plain"),
        )
    _publish_v2(tmp_path, sized.slug, n)
    api = client_for(sized.owner)
    url = f"/api/v1/assessments/{sized.assessment.pk}/upgrade/"
    preview_queries, preview = count(lambda: api.get(url))
    assert preview.status_code == 200
    [entry] = preview.json()["checklists"]
    upgrade_queries, response = count(
        lambda: api.post(
            url, {"checklists": "all", "preview": preview.json()["token"]}, format="json"
        )
    )
    assert response.status_code == 200, response.content[:500]
    moved = Answer.objects.filter(
        assessment=sized.assessment, checklist_version__version="2.0.0"
    ).count()
    assert moved == n - 1
    return preview_queries, upgrade_queries, entry["counts"]


def test_preview_and_upgrade_queries_do_not_grow_with_items(
    tmp_path: Path, settings: Any, db: None
) -> None:
    small = _measure(SMALL, tmp_path, settings)
    large = _measure(LARGE, tmp_path, settings)
    assert small[2]["needs_review"] == SMALL // 4 and large[2]["needs_review"] == LARGE // 4
    assert small[2]["dropped"] == large[2]["dropped"] == 1
    assert (small[0], small[1]) == (large[0], large[1]), (small, large)
    assert small[0] <= 8 and small[1] <= 30, small

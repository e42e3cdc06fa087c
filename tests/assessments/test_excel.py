"""Excel round trip: export, fill offline, import; scores match; a broken workbook changes nothing."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from assessments import services
from assessments.excel import workbook_export, workbook_import
from assessments.models import Answer, AuditEvent
from assessments.selectors import score_of
from core.exceptions import ApplicationError
from tests.assessments.conftest import GENERAL_ANSWERS, SCREENING_ANSWERS, World
from tests.factories import sign_in


def fill(data: bytes, values: dict[tuple[str, str], object]) -> bytes:
    book = load_workbook(io.BytesIO(data))
    for (sheet, code), value in values.items():
        for row in book[sheet].iter_rows(min_row=2):
            if row[0].value == code:
                row[5].value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_round_trip_gives_the_same_scores_as_the_api(world: World) -> None:
    owner = world.users["owner"]
    typed = world.new_assessment()
    world.answer_all(typed)
    offline = world.new_assessment()
    exported = workbook_export(assessment=offline, language="ko")
    sheets = load_workbook(io.BytesIO(exported)).sheetnames
    assert sheets == ["_trustcheck", "t-screening", "t-general", "t-hiring"]
    # The screening first: it adds t-obligations, which the next export then contains.
    screening = {("t-screening", code): value for code, value in SCREENING_ANSWERS.items()}
    screening[("t-screening", "T-SIG-01")] = "예"  # Korean answers are understood too
    assert workbook_import(actor=owner, assessment=offline, data=fill(exported, screening)) == 5
    exported = workbook_export(assessment=offline, language="en")
    general = {
        ("t-general", code): (", ".join(v) if isinstance(v, list) else v)
        for code, v in GENERAL_ANSWERS.items()
    }
    general |= {("t-hiring", "T-H-01"): "yes", ("t-obligations", "T-O-01"): "yes"}
    assert workbook_import(actor=owner, assessment=offline, data=fill(exported, general)) == 7
    mine, theirs = score_of(offline).score, score_of(typed).score
    assert (mine.overall, mine.rating, mine.critical_gaps) == (
        theirs.overall,
        theirs.rating,
        theirs.critical_gaps,
    )
    assert mine.overall is not None
    # Importing the same workbook again changes nothing (versions are current, values equal).
    again = workbook_export(assessment=offline, language="en")
    assert workbook_import(actor=owner, assessment=offline, data=again) == 0


def test_a_broken_workbook_changes_nothing(world: World) -> None:
    assessment = world.new_assessment()
    owner = world.users["owner"]
    exported = workbook_export(assessment=assessment, language="en")
    broken = fill(
        exported,
        {
            ("t-screening", "T-SIG-01"): "yes",
            ("t-general", "T-A-03"): 7,  # not a level
            ("t-general", "T-B-01"): "robots",  # not an option
        },
    )
    before = (Answer.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ApplicationError) as caught:
        workbook_import(actor=owner, assessment=assessment, data=broken)
    rows = {(r["sheet"], r["item"]) for r in caught.value.extra["rows"]}
    assert rows == {("t-general", "T-A-03"), ("t-general", "T-B-01")}
    assert all(r["row"] >= 2 for r in caught.value.extra["rows"])
    assert (Answer.objects.count(), AuditEvent.objects.count()) == before


def test_a_stale_workbook_is_refused_row_by_row(world: World) -> None:
    assessment = world.new_assessment()
    owner = world.users["owner"]
    services.answers_upsert(
        actor=owner,
        assessment=assessment,
        answers=[services.AnswerInput(checklist="t-general", item="T-A-03", value=1)],
    )
    exported = workbook_export(assessment=assessment, language="en")
    services.answers_upsert(
        actor=world.users["member"],
        assessment=assessment,
        answers=[services.AnswerInput(checklist="t-general", item="T-A-03", value=2, version=1)],
    )
    with pytest.raises(ApplicationError) as caught:
        workbook_import(
            actor=owner, assessment=assessment, data=fill(exported, {("t-general", "T-A-03"): 4})
        )
    assert caught.value.extra["rows"][0]["item"] == "T-A-03"
    assert Answer.objects.get(item_code="T-A-03").value == 2


def test_not_a_workbook(world: World) -> None:
    with pytest.raises(ApplicationError, match="not an Excel workbook"):
        workbook_import(
            actor=world.users["owner"], assessment=world.new_assessment(), data=b"%PDF-1.7 nope"
        )


def test_export_and_import_pages(world: World, client) -> None:  # type: ignore[no-untyped-def]
    assessment = world.new_assessment()
    sign_in(client, world.users["owner"])
    response = client.get(f"/app/assessments/{assessment.pk}/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    data = fill(response.content, {("t-general", "T-A-03"): "x"})
    page = client.post(f"/app/assessments/{assessment.pk}/import/", {"file": io.BytesIO(data)})
    assert page.status_code == 400  # the rows to fix, with the status of the refusal
    assert "T-A-03" in page.content.decode()
    sign_in(client, world.users["viewer"])
    assert client.get(f"/app/assessments/{assessment.pk}/import/").status_code == 404
    sign_in(client, world.users["other_company"])
    assert client.get(f"/app/assessments/{assessment.pk}/export.xlsx").status_code == 404

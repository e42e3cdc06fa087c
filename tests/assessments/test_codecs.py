"""``assessments.codecs``: one codec per answer type, for every channel.

Table-driven: what a person may type (a form field, an Excel cell) and what it becomes, what each
value reads as in both languages, and that an exported cell reads back as the value it came from.
The API's own strict messages are pinned in ``test_bad_input.py``; here the autosave's ``typed``
field is checked end to end through the real API.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments import codecs
from assessments.codecs import NA, InvalidAnswer
from checklists.loader import load_text
from checklists.schema import AnswerType, ChecklistDocument, Item
from tests.assessments.conftest import World

CONTENT = Path(__file__).parent / "content" / "t-general" / "1.0.0.yaml"


def _document() -> ChecklistDocument:
    return load_text(CONTENT.read_text(encoding="utf-8"), path=CONTENT)


ITEMS: dict[str, Item] = {item.code: item for _s, item in _document().items()}
YES_NO, MATURITY, SINGLE, MULTI = "T-A-01", "T-A-03", "T-B-01", "T-B-02"
TEXT, DATE, NUMBER = "T-B-03", "T-B-04", "T-B-05"


def test_every_answer_type_has_a_codec() -> None:
    assert {t for t in AnswerType} <= set(codecs._CODECS)


@pytest.mark.parametrize(
    ("code", "raw", "value"),
    [
        (YES_NO, "yes", "yes"),
        (YES_NO, " Y ", "yes"),
        (YES_NO, "예", "yes"),
        (YES_NO, "아니요", "no"),
        (YES_NO, "N/A", NA),
        (YES_NO, "해당 없음", NA),
        (MATURITY, "3", 3),
        (MATURITY, 4.0, 4),
        (MATURITY, 0, 0),
        (SINGLE, " auto ", "auto"),
        (MULTI, "visible, terms", ["visible", "terms"]),
        (MULTI, ["watermark"], ["watermark"]),
        (MULTI, [], []),
        (TEXT, "  as typed  ", "  as typed  "),
        (TEXT, "na", "na"),  # a text answer may say "na": it is text
        (NUMBER, "1,500", 1500),
        (NUMBER, "2.5", 2.5),
        (NUMBER, 7, 7),
        (DATE, dt.date(2026, 11, 21), "2026-11-21"),
        (DATE, dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC), "2026-11-21"),
        (DATE, "2026-11-21", "2026-11-21"),
        (NUMBER, "   ", None),
        (YES_NO, None, None),
    ],
)
def test_parse_reads_what_a_person_typed(code: str, raw: Any, value: Any) -> None:
    assert codecs.parse(ITEMS[code], raw) == value


@pytest.mark.parametrize(
    ("code", "raw", "message"),
    [
        (YES_NO, "maybe", "expected yes, no or na"),
        (MATURITY, "5", "Choose a level from 0 to 4."),
        (MATURITY, "2.5", "Choose a level from 0 to 4."),
        (NUMBER, "ten", "Enter a number."),
    ],
)
def test_parse_refuses_with_a_clear_message(code: str, raw: Any, message: str) -> None:
    with pytest.raises(InvalidAnswer, match=message):
        codecs.parse(ITEMS[code], raw)


@pytest.mark.parametrize(
    ("code", "value", "ko", "en"),
    [
        (YES_NO, "yes", "예", "Yes"),
        (YES_NO, "no", "아니오", "No"),
        (YES_NO, NA, "해당 없음", "N/A"),
        (MATURITY, 3, "3/4", "3/4"),
        (SINGLE, "auto", "자동", "Automatic"),
        (SINGLE, "gone", "gone", "gone"),  # a key the version no longer has reads as itself
        (MULTI, ["visible", "terms"], "눈에 보이는 표시, 약관", "Visible label, Terms"),
        (MULTI, [], "", ""),
        (TEXT, "<b>kept</b>", "<b>kept</b>", "<b>kept</b>"),  # escaping is the template's job
        (NUMBER, 3.0, "3", "3"),
        (NUMBER, 2.5, "2.5", "2.5"),
        (DATE, "2026-11-21", "2026-11-21", "2026-11-21"),
        (TEXT, None, "—", "—"),
    ],
)
def test_display_in_both_languages(code: str, value: Any, ko: str, en: str) -> None:
    assert codecs.display(ITEMS[code], value, "ko").startswith(ko)
    assert codecs.display(ITEMS[code], value, "en").startswith(en)


def test_a_maturity_level_reads_with_its_label_when_the_item_has_one() -> None:
    labelled = next(i for i in ITEMS.values() if i.answer_type is AnswerType.MATURITY)
    text = codecs.display(labelled, 2, "en")
    option = labelled.option("2")
    assert text == (f"2/4 · {option.label.en}" if option else "2/4")


VALUES: dict[str, st.SearchStrategy[Any]] = {
    YES_NO: st.sampled_from(["yes", "no"]),
    MATURITY: st.integers(0, 4),
    SINGLE: st.sampled_from(["manual", "auto"]),
    MULTI: st.lists(st.sampled_from(["visible", "watermark", "terms"]), unique=True).map(
        lambda keys: [k for k in ["visible", "watermark", "terms"] if k in keys]
    ),
    TEXT: st.text(min_size=1).filter(lambda t: t.strip() and "\x00" not in t),
    NUMBER: st.one_of(st.integers(-(10**15), 10**15), st.floats(-1e15, 1e15)),
    DATE: st.dates().map(dt.date.isoformat),
}


@pytest.mark.parametrize("code", sorted(VALUES))
def test_an_exported_cell_reads_back_as_its_value(code: str) -> None:
    """What the Excel export writes for a stored value, the import reads as that value."""
    item = ITEMS[code]

    @given(VALUES[code])
    def roundtrip(value: Any) -> None:
        try:
            stored = codecs.check(item, value, "")
        except InvalidAnswer:
            return  # not a storable value (surrogates in text): the API refuses it first
        cell = codecs.codec_for(item).cell(stored)
        if stored == []:
            # Nothing ticked exports as an empty cell, which the import reads as "left as it
            # was": the stored answer stays [] (the import skips unchanged rows).
            assert cell == "" and codecs.parse(item, cell) is None
            return
        assert codecs.check(item, codecs.parse(item, cell), "") == stored

    roundtrip()


# The fill page's autosave sends what was typed; the server's codec reads it -----------------


def _post(world: World, answers: list[dict[str, Any]]) -> Any:
    assessment = world.new_assessment()
    return world.client("owner").post(
        f"/api/v1/assessments/{assessment.pk}/answers/", {"answers": answers}, format="json"
    )


@pytest.mark.parametrize(
    ("code", "typed", "stored"),
    [
        (NUMBER, "1,500", 1500),
        (NUMBER, "2.5", 2.5),
        (MATURITY, "3", 3),
        (YES_NO, "yes", "yes"),
        (MULTI, ["terms", "visible"], ["visible", "terms"]),
        (DATE, "2026-11-21", "2026-11-21"),
        (TEXT, "Reviewed monthly", "Reviewed monthly"),
    ],
)
def test_autosave_sends_what_was_typed(world: World, code: str, typed: Any, stored: Any) -> None:
    entry = {"checklist": "t-general", "item": code, "value": None, "typed": typed}
    reply = _post(world, [entry])
    assert reply.status_code == 200, reply.json()
    assert reply.json()[0]["value"] == stored


@pytest.mark.parametrize(
    ("entry", "field", "message"),
    [
        ({"item": NUMBER, "typed": "ten"}, "typed", "Enter a number."),
        ({"item": MATURITY, "typed": "7"}, "typed", "Choose a level from 0 to 4."),
        ({"item": DATE, "typed": "21/11/2026"}, "typed", "expected a date as YYYY-MM-DD"),
        ({"item": NUMBER, "typed": {"n": 1}}, "typed", "expected a text"),
        ({"item": NUMBER, "value": 3, "typed": "3"}, "typed", "not both"),
        ({"item": TEXT, "typed": ["a", "b"]}, "typed", "one answer, not a list"),
    ],
)
def test_a_typed_answer_that_does_not_read_is_a_field_level_400(
    world: World, entry: dict[str, Any], field: str, message: str
) -> None:
    body = {"checklist": "t-general", "value": None} | entry
    reply = _post(world, [body])
    assert reply.status_code == 400
    problems = reply.json()["extra"]["fields"]["answers"]["0"]
    assert list(problems) == [field] and message in problems[field][0]


def test_a_typed_answer_is_refused_in_the_page_language(world: World) -> None:
    assessment = world.new_assessment()
    client = world.client("owner")
    client.credentials(HTTP_ACCEPT_LANGUAGE="ko")
    entry = {"checklist": "t-general", "item": NUMBER, "value": None, "typed": "열"}
    reply = client.post(
        f"/api/v1/assessments/{assessment.pk}/answers/", {"answers": [entry]}, format="json"
    )
    assert reply.status_code == 400
    message = reply.json()["extra"]["fields"]["answers"]["0"]["typed"][0]
    assert message != "Enter a number." and "숫자" in message


def test_a_type_without_a_codec_is_refused_not_a_500(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new answer type whose codec is not registered yet: its answers are refused with a
    message, and stored values still read as text."""
    monkeypatch.delitem(codecs._CODECS, AnswerType.YES_NO)
    item = ITEMS[YES_NO]
    with pytest.raises(InvalidAnswer, match="unsupported answer type yes_no"):
        codecs.check(item, "yes", "")
    with pytest.raises(InvalidAnswer, match="unsupported answer type"):
        codecs.parse(item, "yes")
    assert codecs.display(item, "yes", "en") == "yes"

"""The content 2.0 schema pieces: measured criteria, ``same_as`` references, TTA ``NN`` refs."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from checklists.schema import Crosswalk, Direction, Item, Measurement

TEXT = {"ko": "측정값", "en": "Measured value"}


def measurement(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "unit": {"ko": "%", "en": "%"},
        "direction": "lower_is_better",
        "levels": [20, 10, 5, 2],
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("value", "level"),
    [(30, 0), (20, 1), (15, 1), (10, 2), (5, 3), (4.9, 3), (2, 4), (0, 4)],
)
def test_lower_is_better_levels(value: float, level: int) -> None:
    model = Measurement.model_validate(measurement())
    assert model.level_of(value) == level
    assert model.threshold == 5


@pytest.mark.parametrize(("value", "level"), [(0.5, 0), (0.8, 1), (0.95, 3), (0.99, 4)])
def test_higher_is_better_levels(value: float, level: int) -> None:
    model = Measurement.model_validate(
        measurement(direction="higher_is_better", levels=[0.8, 0.9, 0.95, 0.99])
    )
    assert model.direction is Direction.HIGHER_IS_BETTER
    assert model.level_of(value) == level


def test_levels_must_run_the_right_way() -> None:
    with pytest.raises(ValidationError, match="fall strictly"):
        Measurement.model_validate(measurement(levels=[2, 5, 10, 20]))
    with pytest.raises(ValidationError, match="between minimum and maximum"):
        Measurement.model_validate(measurement(minimum=0, maximum=10))


def test_measurement_item_needs_its_measurement_and_only_it() -> None:
    base = {"code": "REL-M-01", "text": TEXT, "answer_type": "measurement"}
    with pytest.raises(ValidationError, match="needs a 'measurement'"):
        Item.model_validate(base)
    item = Item.model_validate({**base, "measurement": measurement()})
    assert item.scored
    with pytest.raises(ValidationError, match="only a measurement item"):
        Item.model_validate({**base, "answer_type": "yes_no", "measurement": measurement()})


def test_same_as_names_checklist_and_item() -> None:
    item = Item.model_validate(
        {
            "code": "GAI-NTC-01",
            "text": TEXT,
            "answer_type": "yes_no",
            "same_as": {"checklist": "high-impact-obligations", "item": "HIO-NTC-01"},
        }
    )
    assert item.same_as is not None and item.same_as.item == "HIO-NTC-01"
    with pytest.raises(ValidationError):
        Item.model_validate(
            {**item.model_dump(), "same_as": {"checklist": "Bad Slug", "item": "X"}}
        )


@pytest.mark.parametrize("ref", ["01", "15", "13-2", "07-1a"])
def test_tta_reference_takes_requirement_or_item(ref: str) -> None:
    assert Crosswalk.model_validate({"framework": "tta_guide", "ref": ref}).ref == ref


@pytest.mark.parametrize("ref", ["16", "00", "1", "13-", "13-0"])
def test_tta_reference_rejects_what_cannot_exist(ref: str) -> None:
    with pytest.raises(ValidationError, match="not a valid tta_guide reference"):
        Crosswalk.model_validate({"framework": "tta_guide", "ref": ref})


def test_a_document_indexes_its_items_once() -> None:
    from checklists.loader import load_text
    from tests.checklists.fixtures import VALID

    document = load_text(VALID)
    assert list(document.index) == [item.code for _s, item in document.items()]
    section, item = document.index["DEM-A-01"]
    assert section.code == "DEM-A" and document.item("DEM-A-01") is item
    assert document.item("NOPE-01") is None
    assert document.index is document.index  # built once, then reused

"""Screening questions the system profile already answers, so the screening does not ask again.

Published checklist versions are immutable, so the link lives here in code rather than in the
YAML: an item code of the screening, the profile field that answers it, and how.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True, slots=True)
class ProfileAnswer:
    field: str
    label: Promise
    answer: Callable[[Any], str]


PROFILE_ANSWERS: dict[str, ProfileAnswer] = {
    # high-impact-screening 1.x and 2.x: "Is the system generative AI?" (weight 0 in 2.x, so a
    # question the user no longer has to answer)
    "HIS-SCOPE-01": ProfileAnswer(
        field="generative",
        label=_("Generates text, images, sound or video (generative AI)"),
        answer=lambda system: "yes" if system.generative else "no",
    ),
}


def profile_answers(system: Any, item_codes: set[str]) -> dict[str, str]:
    """Item code → the answer the profile gives, for those of ``item_codes`` it answers."""
    return {
        code: rule.answer(system) for code, rule in PROFILE_ANSWERS.items() if code in item_codes
    }

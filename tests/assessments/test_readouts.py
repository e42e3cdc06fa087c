"""What people look at on the overview (issue 12 part 3): autosaves as one line with their count,
section scores grouped by checklist, self vs verified per checklist, and the ten ethics
requirements — server-made SVG, in the page's language."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from django.test import Client

from assessments import services
from assessments.ethics import ethics_requirements
from checklists.loader import load_file
from tests.assessments.conftest import GENERAL_ANSWERS, World
from tests.factories import sign_in

SVG = "{http://www.w3.org/2000/svg}"
CONTENT = Path(__file__).resolve().parents[2] / "checklists" / "content"


def page(world: World, who: str = "owner", language: str = "en") -> Client:
    client = Client()
    sign_in(client, world.users[who])
    client.cookies["django_language"] = language
    return client


def event_lines(html: str) -> list[str]:
    events = re.search(r'<ol class="events">(.*?)</ol>', html, re.S)
    assert events is not None
    return re.findall(r"<li>(.*?)</li>", events.group(1), re.S)


def save_one_by_one(
    world: World,
    assessment: object,
    slug: str,
    answers: dict[str, object],
    version: int | None = None,
) -> None:
    """As the fill page's autosave does: one request, so one audit event, per answer."""
    for code, value in answers.items():
        services.answers_upsert(
            actor=world.users["owner"],
            assessment=assessment,  # type: ignore[arg-type]
            answers=[services.AnswerInput(checklist=slug, item=code, value=value, version=version)],
        )


def test_autosaves_are_one_line_with_the_number_of_answers(world: World) -> None:
    # (Screening answers are left out: they change which checklists apply, and that event is a
    # line of its own between the saves.)
    assessment = world.new_assessment()
    save_one_by_one(world, assessment, "t-general", GENERAL_ANSWERS)
    save_one_by_one(world, assessment, "t-general", {"T-A-01": "no"}, version=1)  # again
    saves = len(GENERAL_ANSWERS) + 1
    assert assessment.events.filter(action="answer").count() == saves  # type: ignore[attr-defined]
    answers = len(GENERAL_ANSWERS)  # each item once
    lines = event_lines(page(world).get(f"/app/assessments/{assessment.pk}/").content.decode())
    saved = [line for line in lines if "saved" in line]
    assert len(saved) == 1, lines
    assert f"{answers} answers saved, " in saved[0]
    assert re.search(rf"{answers} answers saved, \d\d:\d\d(–\d\d:\d\d)?", saved[0])
    assert "×" not in saved[0]  # counted in answers, not in saves
    korean = event_lines(
        page(world, language="ko").get(f"/app/assessments/{assessment.pk}/").content.decode()
    )
    assert any(f"응답 {answers}개 저장" in line for line in korean)
    # The whole log groups the same way.
    full = page(world).get(f"/app/assessments/{assessment.pk}/activity/").content.decode()
    assert len([line for line in event_lines(full) if "saved" in line]) == 1


def test_one_save_reads_in_the_singular(world: World) -> None:
    assessment = world.new_assessment()
    save_one_by_one(world, assessment, "t-general", {"T-A-01": "yes"})
    lines = event_lines(page(world).get(f"/app/assessments/{assessment.pk}/").content.decode())
    assert any("1 answer saved, " in line for line in lines)


def charts_of(html: str) -> dict[str, ET.Element]:
    found = {}
    for name in ("checklists", "sections", "ethics"):
        match = re.search(rf'id="chart-{name}"[^>]*>.*?(<svg.*?</svg>)', html, re.S)
        if match:
            found[name] = ET.fromstring(match.group(1))
    return found


def test_the_overview_groups_section_scores_by_checklist(world: World) -> None:
    assessment = world.reviewed(
        verdicts={"T-A-01": ("confirmed", ""), "T-A-03": ("partially_confirmed", "half")},
        ratings={"T-R-01": (4, "")},
    )
    for language, heading in (("en", "Test general checklist"), ("ko", "시험 일반 점검표")):
        html = (
            page(world, language=language)
            .get(f"/app/assessments/{assessment.pk}/")
            .content.decode()
        )
        charts = charts_of(html)
        groups = [g for g in charts["sections"].iter(f"{SVG}g") if g.get("class") == "chart-group"]
        titles = ["".join(next(g.iter(f"{SVG}text")).itertext()) for g in groups]
        assert titles[0] == heading
        assert (
            len(groups) == 3
        )  # t-general, t-hiring, t-obligations: the self-checks, not the screening
        # Every section of each checklist is a labelled bar in its own group, labels in full.
        general = " ".join("".join(t.itertext()) for t in groups[0].iter(f"{SVG}text"))
        assert "T-A" in general and "T-B" in general and "…" not in general
        # Self vs verified per checklist: a verified bar beside each self-reported one.
        per_checklist = charts["checklists"]
        verified = [
            r for r in per_checklist.iter(f"{SVG}rect") if r.get("class") == "chart-verified"
        ]
        assert len(verified) >= 2  # the legend swatch and at least the overall verified bar
        assert per_checklist.get("role") == "img"
        assert "ethics" not in charts  # the fixture content has no ethics checklist


def test_ethics_requirements_are_the_ten_sections_of_general_ethics() -> None:
    document = load_file(CONTENT / "general-ethics" / "1.0.0.yaml")
    sections = [
        {"checklist": "general-ethics", "code": s.code, "score": 10.0 * n, "verified_score": None}
        for n, s in enumerate(document.sections, start=1)
    ]
    requirements = ethics_requirements([document], sections, "en")
    assert [r.ref for r in requirements] == [f"R{n}" for n in range(1, 11)]
    assert requirements[0].label == "R1 Safeguarding Human Rights"
    assert [r.score for r in requirements] == [10.0 * n for n in range(1, 11)]
    korean = ethics_requirements([document], sections, "ko")
    assert korean[0].label == "R1 인권 보장"
    other = load_file(
        CONTENT / "finance" / "1.0.0.yaml"
    )  # cites R refs, but is no ethics checklist
    assert ethics_requirements([other], [], "en") == []

"""``build_report_context`` on its own: hand-made inputs, no database, no Django."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reports.shapes import ReportContext
from tests.reports.samples import (
    GENERAL,
    SCREENING,
    build_data,
    documents_by_label,
    fixture_document,
    fixture_evaluation_data,
    sample_context,
)
from tests.reports.samples import VERIFY_URL as URL

SHA = "ab" * 32


def context_of(language: str = "en", **overrides: Any) -> ReportContext:
    data, documents, criteria = fixture_evaluation_data(language=language, **overrides)
    return sample_context(data, documents, criteria, sha256=SHA)


def self_assessment(language: str = "en", **overrides: Any) -> ReportContext:
    documents = [fixture_document(s) for s in ("t-screening", "t-general", "t-hiring")]
    arguments: dict[str, Any] = {
        "documents": documents,
        "answers": {
            "t-screening": {**SCREENING, "T-SIG-01": "no"},
            "t-general": GENERAL,
            "t-hiring": {"T-H-01": "yes"},
        },
        "language": language,
    }
    arguments.update(overrides)
    return sample_context(build_data(**arguments), documents_by_label(documents), None, sha256=SHA)


def test_the_module_is_pure() -> None:
    """No database, templates, requests or settings: of Django only the gettext catalogue."""
    code = (
        "import sys, reports.context; from django.conf import settings; "
        "print(settings.configured, sorted({m.split('.')[1] for m in sys.modules "
        "if m.startswith('django.')}))"
    )
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True, env=env
    )
    configured, modules = result.stdout.strip().split(" ", 1)
    assert configured == "False"
    assert not {"db", "template", "http", "urls", "forms", "contrib"} & set(
        ast.literal_eval(modules)
    )


def test_cover_names_everything_an_issuer_signs_for() -> None:
    context = context_of()
    cover = context.cover
    assert cover.title == "AI Trustworthiness Evaluation Report"
    assert (cover.organisation, cover.system) == ("Acme AI", "Résumé ranker")
    facts = {f.label: f.value for f in cover.facts}
    assert facts["Report code"] == "TC-2026-7KQ4-M2XD"
    assert facts["Evaluation body"] == "Lab One"
    assert facts["Issued on"] == "March 14, 2026"  # 06:30 UTC is 15:30 in Seoul; the locale format
    assert facts["Domain"] == "Hiring and HR" and facts["Revision"] == "Revision 1"
    assert [c.value for c in cover.checklists] == [
        "t-screening@1.0.0",
        "t-general@1.0.0",
        "t-hiring@1.0.0",
        "t-obligations@1.0.0",
        "t-eval@1.0.0",
    ]
    assert [t.label for t in cover.headline] == ["Verified", "Rating", "Outcome"]
    assert context.verify_url == URL and context.data_sha256 == SHA
    assert context.meta.author == "Lab One" and context.meta.language == "en"


def test_summary_has_scores_high_impact_views_and_outcome() -> None:
    data, documents, criteria = fixture_evaluation_data()
    context = sample_context(data, documents, criteria, sha256=SHA)
    scores = data["scores"]
    summary = context.summary
    tiles = {t.label: t for t in summary.tiles}
    assert tiles["Self-reported"].value == f"{scores['overall']:.1f}"
    assert tiles["Verified"].value == f"{scores['verified']['overall']:.1f}"
    assert tiles["Self-reported"].note == "Insufficient"  # a critical gap caps it
    assert tiles["Completion"].value == "100%"
    assert tiles["Critical gaps"].value == "1" and tiles["Critical gaps"].key == "bad"
    assert tiles["Outcome"].value == "Conditional pass"
    screening = {f.label: f.value for f in summary.screening}
    assert screening["High-impact AI"].startswith("Yes")
    assert screening["Impact level"] == "IV"
    assert [(a.label, a.act_ref) for a in summary.act_areas] == [
        (
            "Judgements affecting rights and duties, such as hiring and loan screening",
            "Art. 2(4)(g)",
        )
    ]
    assert [a.code for a in summary.high_risk_areas] == ["rights_evaluation"]
    assert any("T-O-01" in s and "1 critical item" in s for s in summary.statements)
    assert any("Conditional pass" in s for s in summary.statements)
    chart = summary.chart
    assert chart is not None and [b.label for b in chart.bars][0] == "Overall"
    assert chart.has_verified and chart.bars[0].verified == scores["verified"]["overall"]


def test_deepfake_is_high_risk_without_being_high_impact() -> None:
    context = self_assessment(
        answers={
            "t-screening": {**SCREENING, "T-SIG-01": "no", "T-AREA-01": "no", "T-AREA-02": "yes"},
            "t-general": GENERAL,
        }
    )
    assert context.summary.high_impact_key == "no"
    assert context.summary.act_areas == ()
    assert [a.label for a in context.summary.high_risk_areas] == [
        "Deepfakes (synthetic video or voice)"
    ]


def test_findings_per_checklist_and_section() -> None:
    findings = {f.label: f for f in context_of().findings}
    assert list(findings) == [
        "t-general@1.0.0",
        "t-hiring@1.0.0",
        "t-obligations@1.0.0",
    ]  # self-checks only
    part_a, part_b = findings["t-general@1.0.0"].sections
    assert (part_a.code, part_a.title) == ("T-A", "Part A")
    assert (part_a.met, part_a.partial, part_a.unmet) == (1, 1, 1)
    assert (part_b.met, part_b.partial, part_b.unmet) == (0, 2, 0)
    assert findings["t-obligations@1.0.0"].sections[0].critical == ("T-O-01",)
    chart = findings["t-general@1.0.0"].chart
    assert [b.label for b in chart.bars] == ["T-A Part A", "T-B Part B"]


def test_gaps_are_ranked_critical_first_with_recommendations_in_the_language() -> None:
    gaps = context_of().gaps
    assert gaps[0].code == "T-O-01" and gaps[0].critical
    assert [g.rank for g in gaps] == list(range(1, len(gaps) + 1))
    by_code = {g.code: g for g in gaps}
    assert by_code["T-A-03"].recommendation == "Test more."
    assert by_code["T-A-03"].achieved == "50%"
    assert by_code["T-A-03"].verdict == "Partially confirmed"
    korean = {g.code: g for g in context_of("ko").gaps}
    assert korean["T-A-03"].recommendation == "시험을 늘린다."
    assert korean["T-A-03"].text == "편향 시험 수준은?"


def test_crosswalk_coverage_and_obligations() -> None:
    context = context_of()
    assert [(c.framework, c.references, c.assessed, c.met, c.share) for c in context.coverage] == [
        ("AI Basic Act", 1, 1, 1, "100%")
    ]
    (obligations,) = context.obligations
    (duties,) = obligations.sections
    (item,) = duties.items
    assert (item.code, item.answer, item.status) == ("T-O-01", "No", "Not met")


def test_reliability_evaluation_and_sign_off() -> None:
    context = context_of()
    evaluation = context.evaluation
    assert evaluation is not None and evaluation.outcome_key == "conditional"
    criteria = {c.code: c for g in evaluation.groups for c in g.criteria}
    assert criteria["T-R-01"].critical and criteria["T-R-01"].level == "Level 3"
    assert criteria["T-R-02"].rating == "N/A"
    assert (
        criteria["T-R-03"].below
        and criteria["T-R-03"].rationale == "Logs are kept for 30 days only."
    )
    signoff = context.signoff
    assert signoff.signer == "Evaluator Lee" and signoff.organisation == "Lab One"
    assert signoff.opinion == "Approved with two conditions.\nFix the logging retention."
    assert {f.label: f.value for f in signoff.facts}["Decision"] == "Approved"


def test_appendix_lists_every_visible_answer_with_comment_evidence_and_verdict() -> None:
    appendix = {c.label: c for c in context_of().appendix}
    assert list(appendix)[0] == "t-screening@1.0.0"
    items = {i.code: i for s in appendix["t-general@1.0.0"].sections for i in s.items}
    assert items["T-A-01"].evidence == ("risk-plan.pdf", "board-minutes.pdf")
    assert items["T-A-01"].verdict == "Confirmed" and items["T-A-01"].status == "Met"
    assert items["T-A-02"].comment == "Reviewed yearly from 2027."
    assert items["T-A-03"].answer == "2/4" and items["T-A-03"].remark == "Only gender is tested."
    assert items["T-B-02"].answer == "Visible label"
    assert items["T-B-03"].answer == "Kim Minji (CTO)" and items["T-B-03"].status == "Not scored"
    assert items["T-B-04"].answer == "Unanswered"
    screening = {i.code: i for s in appendix["t-screening@1.0.0"].sections for i in s.items}
    assert (
        screening["T-AREA-02"].answer == "No" and screening["T-AREA-02"].status == ""
    )  # decides scope only


def test_hidden_items_are_left_out() -> None:
    answers = {"t-screening": SCREENING, "t-general": {**GENERAL, "T-A-01": "no", "T-A-02": "yes"}}
    context = self_assessment(answers=answers)
    codes = {i.code for c in context.appendix for s in c.sections for i in s.items}
    assert "T-A-01" in codes and "T-A-02" not in codes


def test_korean_report_is_korean_throughout() -> None:
    context = context_of("ko")
    assert context.cover.title == "인공지능 신뢰성 평가 보고서"
    assert {f.label: f.value for f in context.cover.facts}["발행일"] == "2026년 3월 14일"
    assert context.cover.subtitle.startswith("제3자 평가기관의 항목별 검증")
    assert context.findings[0].title == "시험 일반 점검표"
    assert context.summary.act_areas[0].label.startswith("채용·대출 심사")
    assert {t.label: t.note for t in context.summary.tiles}["자체 응답"] == "미흡"
    assert context.evaluation is not None and context.evaluation.facts[0].value == "조건부 적합"
    items = {i.code: i for c in context.appendix for s in c.sections for i in s.items}
    assert items["T-A-01"].answer == "예" and items["T-A-01"].verdict == "확인"


def test_self_assessment_report_has_no_evaluation_and_a_company_declaration() -> None:
    context = self_assessment()
    assert context.cover.title == "AI Trustworthiness Self-Assessment Report"
    assert context.evaluation is None
    assert context.signoff.signer == "Owner Kim" and context.signoff.organisation == "Acme AI"
    assert "not been verified" in context.signoff.statement
    assert [t.label for t in context.cover.headline] == ["Overall score", "Rating", "Completion"]
    assert context.obligations == ()  # not high-impact: the duty checklist did not apply
    assert "Verified" not in {t.label for t in context.summary.tiles}
    assert context.meta.author == "Acme AI"


def test_user_text_is_kept_as_text() -> None:
    hostile = '<img src="file:///etc/hostname"> & </td>'
    context = context_of(comments={"t-general": {"T-A-02": hostile}}, opinion=hostile)
    items = {i.code: i for c in context.appendix for s in c.sections for i in s.items}
    assert items["T-A-02"].comment == hostile  # escaping is the template's job
    assert context.signoff.opinion == hostile


@pytest.mark.parametrize("language", ["ko", "en"])
def test_report_dates_are_written_as_the_pages_write_them(language: str) -> None:
    """The report's pure formatting equals Django's locale formats, which the pages use."""
    from datetime import UTC, datetime, timedelta

    from django.utils import formats, translation

    from reports import formatting as fmt

    start = datetime(2026, 1, 1, 0, 0, tzinfo=UTC)
    moments = [
        start + timedelta(days=31 * m, hours=h, minutes=mi)
        for m in range(12)
        for h, mi in ((0, 0), (3, 0), (6, 5), (15, 30), (14, 59))
    ]
    for moment in moments:
        seoul = moment.astimezone(fmt.DISPLAY_ZONE)
        with translation.override(language):
            date = formats.date_format(seoul, "DATE_FORMAT")
            stamp = formats.date_format(seoul, "DATETIME_FORMAT")
        assert fmt.date(moment.isoformat(), language) == date
        assert fmt.timestamp(moment.isoformat(), language) == f"{stamp} KST"


def test_a_reviewed_self_assessment_says_whose_verdicts_its_verified_figures_apply() -> None:
    plain = self_assessment()
    assert "not verified by a third party" in plain.cover.subtitle
    assert "not been verified" in plain.signoff.statement
    reviewed = self_assessment(verdicts={"t-general": {"T-A-01": ("confirmed", "")}})
    assert reviewed.cover.subtitle.endswith(
        "the verified figures apply the item verdicts of Lab One."
    )
    assert "not verified" not in reviewed.cover.subtitle
    assert "verdicts of Lab One (verified: 1 of 6 items; self-reported where not verified)" in (
        reviewed.signoff.statement
    )
    facts = {f.label: f.value for f in reviewed.cover.facts}
    assert (
        facts["Verification coverage"] == "verified: 1 of 6 items; self-reported where not verified"
    )


def test_the_cover_states_the_decision_and_an_override() -> None:
    data, documents, criteria = fixture_evaluation_data(language="en")
    data["evaluation"]["override_reason"] = "Shown on site."
    context = sample_context(data, documents, criteria, sha256=SHA)
    facts = {f.label: f.value for f in context.cover.facts}
    assert facts["Decision"] == "Approved"
    assert facts["Approved despite the outcome “Fail” — reason"] == "Shown on site."
    assert "Shown on site." in [f.value for f in context.signoff.facts]
    assert "Approved despite the outcome “Fail” — reason" not in {
        f.label for f in context_of().cover.facts
    }

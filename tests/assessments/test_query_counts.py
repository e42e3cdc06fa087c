"""Reads and the bulk answer write cost a fixed number of queries, however long the checklist
(DESIGN.md §3: "showing or scoring a checklist costs no per-item queries"; selectors.py).

Each size gets its own generated checklist of N items, its own rules file (screening + that
checklist, always) and its own company, so every count below is about one assessment of N items.
"""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from assessments import services
from assessments.choices import OrganizationKind, Role
from assessments.models import Answer, Assessment, AuditEvent, ItemVerdict, Organization
from tests.assessments.conftest import CONTENT, SCREENING_ANSWERS
from tests.factories import MembershipFactory, OrganizationFactory, SystemFactory, UserFactory

SMALL, LARGE = 20, 1000
CAP = 15
"""No read below may need more queries than this, at any size."""
SECTION_SIZE = 50


def checklist_yaml(slug: str, n: int) -> str:
    """A self_check of ``n`` items in sections of 50: yes/no, maturity and choice items in turn."""
    lines = [
        f"slug: {slug}",
        "version: 1.0.0",
        "kind: self_check",
        "domain: general",
        "target: both",
        f"title: {{ko: 생성된 점검표 {n}, en: Generated checklist {n}}}",
        "description: {ko: 쿼리 수 시험용이다., en: For query count tests.}",
        "sources: [Tests]",
        "sections:",
    ]
    for start in range(0, n, SECTION_SIZE):
        section = f"Q-S{start // SECTION_SIZE:03d}"
        lines += [
            f"  - code: {section}",
            f"    title: {{ko: 부분 {section}, en: Part {section}}}",
            "    items:",
        ]
        for number in range(start, min(n, start + SECTION_SIZE)):
            code = f"Q-{number:05d}"
            lines += [
                f"      - code: {code}",
                f'        text: {{ko: "질문 {code}?", en: "Question {code}?"}}',
                f"        recommendation: {{ko: 고친다 {code}., en: Fix {code}.}}",
            ]
            if number % 3 == 0:
                lines.append("        answer_type: yes_no")
            elif number % 3 == 1:
                lines.append("        answer_type: maturity")
            else:
                lines += [
                    "        answer_type: single_choice",
                    "        options:",
                    "          - {key: a, label: {ko: 가, en: A}, score: 1}",
                    "          - {key: b, label: {ko: 나, en: B}, score: 0.5}",
                ]
            if number % 7 == 0:
                lines.append("        critical: true")
            if number % 11 == 0:
                lines.append(
                    f'        crosswalk: [{{framework: eu_ai_act, ref: "Art. {9 + number % 5}"}}]'
                )
    return "\n".join(lines) + "\n"


def value_for(number: int, *, alternate: bool = False) -> Any:
    if number % 3 == 0:
        return "no" if alternate else "yes"
    if number % 3 == 1:
        return 2 if alternate else (number % 5)
    return "b" if alternate else "a"


def write_content(root: Path, slug: str, n: int) -> Path:
    """Screening and evaluation rubric copied from the fixture content, plus the generated checklist."""
    for fixed in ("t-screening", "t-eval"):
        shutil.copytree(CONTENT / fixed, root / fixed)
    (root / slug).mkdir(parents=True)
    (root / slug / "1.0.0.yaml").write_text(checklist_yaml(slug, n), encoding="utf-8")
    (root / "rules.yaml").write_text(
        "\n".join(
            [
                "version: 1.0.0",
                "screening: t-screening",
                "significance_item: T-SIG-01",
                "rules:",
                f"  - checklist: {slug}",
                "    when: {always: true}",
                "    reason: {ko: 항상 적용된다., en: Always applies.}",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    return root


@dataclass
class Sized:
    n: int
    slug: str
    assessment: Assessment
    owner: Any
    evaluator: Any
    post_new: int
    post_update: int


def client_for(user: Any) -> APIClient:
    client = APIClient(headers={"Accept-Language": "en"})
    client.force_authenticate(user)
    return client


def count(call: Any) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as queries:
        response = call()
    return len(queries), response


@dataclass
class Generated:
    """One started assessment of the generated ``n``-item checklist, screening answered."""

    n: int
    slug: str
    assessment: Assessment
    owner: Any
    evaluator: Any
    body: Organization


def generated_start(n: int, directory: Path, settings: Any) -> Generated:
    """Load the ``n``-item checklist (with its own rules file) and start one assessment of it by a
    company of its own, screening answered; its evaluator sits in a body of its own.

    Shared by ``build`` here and by ``tests/perf/bench_large.py``, so the benchmark measures the
    very world these counts are pinned on."""
    slug = f"q-gen-{n}"
    root = write_content(directory / f"content-{n}", slug, n)
    settings.APPLICABILITY_RULES = root / "rules.yaml"
    call_command("load_checklists", path=root, stdout=io.StringIO())

    company = OrganizationFactory(name=f"Company {n}", kind=OrganizationKind.COMPANY)
    body = OrganizationFactory(name=f"Lab {n}", kind=OrganizationKind.EVALUATION_BODY)
    owner = MembershipFactory(
        user=UserFactory(username=f"owner{n}"), organization=company, role=Role.OWNER
    ).user
    evaluator = MembershipFactory(
        user=UserFactory(username=f"evaluator{n}"), organization=body, role=Role.EVALUATOR
    ).user
    system = SystemFactory(
        organization=company, name=f"System {n}", domain="general", created_by=owner
    )
    assessment = services.assessment_create(actor=owner, system=system)
    services.answers_upsert(
        actor=owner,
        assessment=assessment,
        answers=[
            services.AnswerInput(checklist="t-screening", item=code, value=value)
            for code, value in SCREENING_ANSWERS.items()
        ],
    )
    return Generated(n, slug, assessment, owner, evaluator, body)


def generated_review(world: Generated) -> None:
    """Evidence (2 files at 20 items, 20 at 1000), the submission to the body, the claim, a verdict
    on every item (the four verdicts in turn) and the rubric rated."""
    n, slug, assessment = world.n, world.slug, world.assessment
    owner, evaluator = world.owner, world.evaluator
    for number in range(max(2, n // 50)):
        services.evidence_upload(
            actor=owner,
            assessment=assessment,
            checklist=slug,
            item=f"Q-{number:05d}",
            upload=SimpleUploadedFile(
                f"proof-{number}.txt", f"evidence {number}\n".encode(), content_type="text/plain"
            ),
        )
    services.assessment_submit(actor=owner, assessment=assessment, evaluation_body=world.body.pk)
    services.assessment_claim(actor=evaluator, assessment=assessment)
    verdicts = ("confirmed", "partially_confirmed", "not_confirmed", "needs_evidence")
    for number in range(n):
        verdict = verdicts[number % 4]
        services.verdict_set(
            actor=evaluator,
            assessment=assessment,
            checklist=slug,
            item=f"Q-{number:05d}",
            verdict=verdict,
            remark="" if verdict == "confirmed" else "see the file",
        )
    for criterion, rating in (("T-R-01", 4), ("T-R-02", 3), ("T-R-03", 3)):
        services.rating_set(
            actor=evaluator, assessment=assessment, criterion=criterion, rating=rating
        )


def build(n: int, tmp_path: Path, settings: Any, *, review: bool = True) -> Sized:
    """An assessment of ``n`` items, all answered by two bulk POSTs (their query counts kept);
    with ``review``, also evidence, a submission, verdicts on every item and ratings."""
    world = generated_start(n, tmp_path, settings)
    slug, assessment, owner, evaluator = world.slug, world.assessment, world.owner, world.evaluator

    url = f"/api/v1/assessments/{assessment.pk}/answers/"
    api = client_for(owner)
    # One bulk POST creating n answers ...
    post_new, response = count(
        lambda: api.post(
            url,
            {
                "answers": [
                    {"checklist": slug, "item": f"Q-{i:05d}", "value": value_for(i)}
                    for i in range(n)
                ]
            },
            format="json",
        )
    )
    assert response.status_code == 200, response.content[:500]
    assert len(response.json()) == n
    # ... and one changing all of them, each on the version it was read at.
    post_update, response = count(
        lambda: api.post(
            url,
            {
                "answers": [
                    {
                        "checklist": slug,
                        "item": f"Q-{i:05d}",
                        "value": value_for(i, alternate=True),
                        "comment": "revised",
                        "version": 1,
                    }
                    for i in range(n)
                ]
            },
            format="json",
        )
    )
    assert response.status_code == 200, response.content[:500]
    assert {a["version"] for a in response.json()} == {2}
    assert Answer.objects.filter(assessment=assessment).count() == n + len(SCREENING_ANSWERS)
    if not review:
        return Sized(n, slug, assessment, owner, evaluator, post_new, post_update)

    generated_review(world)
    assert ItemVerdict.objects.filter(assessment=assessment).count() == n
    assert AuditEvent.objects.filter(assessment=assessment).count() >= n
    return Sized(n, slug, assessment, owner, evaluator, post_new, post_update)


READS = {
    "list": lambda a: "/api/v1/assessments/",
    "detail": lambda a: f"/api/v1/assessments/{a.pk}/",
    "answers": lambda a: f"/api/v1/assessments/{a.pk}/answers/?page_size=2000",
    "score": lambda a: f"/api/v1/assessments/{a.pk}/score/",
    "events": lambda a: f"/api/v1/assessments/{a.pk}/events/?page_size=2000",
    "verdicts": lambda a: f"/api/v1/assessments/{a.pk}/verdicts/?page_size=2000",
    "evaluation": lambda a: f"/api/v1/assessments/{a.pk}/evaluation/",
    "evidence": lambda a: f"/api/v1/assessments/{a.pk}/evidence/",
}


def read_counts(sized: Sized, who: str, django_assert_max_num_queries: Any) -> dict[str, int]:
    client = client_for(getattr(sized, who))
    counts: dict[str, int] = {}
    for name, path in READS.items():
        with django_assert_max_num_queries(CAP) as captured:
            response = client.get(path(sized.assessment))
        assert response.status_code == 200, (name, response.content[:300])
        counts[name] = len(captured)
        body = response.json()
        if name == "answers":
            assert (
                body["count"] == sized.n + len(SCREENING_ANSWERS)
                and len(body["results"]) == body["count"]
            )
        elif name == "verdicts":
            assert body["count"] == sized.n and len(body["results"]) == sized.n
        elif name == "score":
            assert body["completion"] == 1.0 and body["evaluation"]["outcome"] == "pass"
            assert body["verified"]["overall"] is not None
            assert len(body["sections"]) == 1 + -(-sized.n // SECTION_SIZE)
    return counts


def test_reads_cost_the_same_at_20_and_1000_items(
    db: None, tmp_path: Path, settings: Any, django_assert_max_num_queries: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    small, large = (build(n, tmp_path, settings) for n in (SMALL, LARGE))
    for who in ("owner", "evaluator"):
        at_small = read_counts(small, who, django_assert_max_num_queries)
        at_large = read_counts(large, who, django_assert_max_num_queries)
        assert at_large == at_small, who


def test_bulk_answer_writes_cost_the_same_at_20_and_1000_answers(
    db: None, tmp_path: Path, settings: Any
) -> None:
    small, large = (build(n, tmp_path, settings, review=False) for n in (SMALL, LARGE))
    assert (large.post_new, large.post_update) == (small.post_new, small.post_update)
    assert small.post_new <= 25 and small.post_update <= 25


def test_the_list_costs_the_same_for_one_and_for_many_assessments(
    db: None, tmp_path: Path, settings: Any, django_assert_max_num_queries: Any
) -> None:
    settings.APPLICABILITY_RULES = CONTENT / "rules.yaml"
    call_command("load_checklists", path=CONTENT, stdout=io.StringIO())
    company = OrganizationFactory(name="Many Co", kind=OrganizationKind.COMPANY)
    owner = MembershipFactory(
        user=UserFactory(username="many-owner"), organization=company, role=Role.OWNER
    ).user
    client = client_for(owner)
    counts = []
    for total in (1, 12):
        while Assessment.objects.filter(system__organization=company).count() < total:
            number = Assessment.objects.filter(system__organization=company).count()
            system = SystemFactory(organization=company, name=f"Many {number}", created_by=owner)
            services.assessment_create(actor=owner, system=system)
        with django_assert_max_num_queries(CAP) as captured:
            response = client.get("/api/v1/assessments/")
        assert response.status_code == 200 and response.json()["count"] == total
        counts.append(len(captured))
    assert counts[0] == counts[1]

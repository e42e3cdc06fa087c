"""A small world for assessment tests: fixture checklists of their own, one user per role."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from rest_framework.test import APIClient

from assessments import services
from assessments.choices import OrganizationKind, Role
from assessments.models import AISystem, Assessment, Organization
from checklists.models import Checklist, ChecklistVersion
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    SystemFactory,
    UserFactory,
    api_token,
)

CONTENT = Path(__file__).resolve().parent / "content"
# t-general 2.0.0: T-A-01 unchanged, T-A-02 reworded, T-B-01 with new options ("auto" gone,
# "hybrid" new), T-B-02 removed, T-B-06 added (assessments.carry, the upgrade tests).
CONTENT_V2 = Path(__file__).resolve().parent / "content_v2"


def publish_general_v2() -> None:
    """Publish t-general 2.0.0 next to the 1.0.0 the fixture content has."""
    call_command("load_checklists", path=CONTENT_V2, stdout=io.StringIO())


# A complete, valid set of answers for the fixture checklists of a high-impact hiring system.
SCREENING_ANSWERS = {
    "T-SIG-01": "yes",
    "T-AREA-01": "yes",
    "T-AREA-02": "no",
    "T-IMP-01": "many",
    "T-MIT-01": "yes",
}
GENERAL_ANSWERS = {
    "T-A-01": "yes",
    "T-A-02": "yes",
    "T-A-03": 3,
    "T-B-01": "manual",
    "T-B-02": ["visible", "watermark"],
}


IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings: Any) -> None:
    # Notification mail is sent by a task (assessments.tasks): run it at once, so mail.outbox
    # has it when the step's on-commit callbacks have run. No assessments test issues a report.
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture(scope="session")
def _fixture_content_rows(django_db_setup: None, django_db_blocker: Any) -> list[ChecklistVersion]:
    """The fixture checklists exactly as ``load_checklists`` stores them, loaded once per session:
    run by the real command in a transaction that is rolled back, kept as unsaved rows.

    Reading, validating and hashing the YAML was most of every test's set-up (0.17 s a test).
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_checklists", path=CONTENT, stdout=io.StringIO())
        rows = list(ChecklistVersion.objects.select_related("checklist").order_by("pk"))
        transaction.set_rollback(True)
    return rows


@pytest.fixture
def fixture_content(db: None, settings: Any, _fixture_content_rows: list[ChecklistVersion]) -> Path:
    """The fixture checklists published in this test's database: two inserts of the rows the
    session loaded (rolled back with the test, like anything else it writes)."""
    settings.APPLICABILITY_RULES = CONTENT / "rules.yaml"
    checklists = {
        c.slug: c
        for c in Checklist.objects.bulk_create(
            Checklist(slug=row.checklist.slug, kind=row.checklist.kind, domain=row.checklist.domain)
            for row in {row.checklist_id: row for row in _fixture_content_rows}.values()
        )
    }
    # Every stored field but the version's own id, its checklist's and its publication time.
    copied = [
        f.attname
        for f in ChecklistVersion._meta.concrete_fields
        if f.attname not in ("id", "checklist_id", "published_at")
    ]
    ChecklistVersion.objects.bulk_create(
        ChecklistVersion(
            checklist=checklists[row.checklist.slug],
            **{name: getattr(row, name) for name in copied},
        )
        for row in _fixture_content_rows
    )
    return CONTENT


@dataclass
class World:
    company: Organization
    other_company: Organization
    body: Organization
    other_body: Organization
    system: AISystem
    users: dict[str, Any] = field(default_factory=dict)

    def client(self, who: str) -> APIClient:
        client = APIClient(headers={"Accept-Language": "en"})
        if who == "anonymous":
            return client
        from assessments import twofactor

        user = self.users[who]
        if twofactor.is_required(user):
            # Evaluators, leads and staff act with a token issued after a real TOTP code.
            client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
        else:
            client.force_authenticate(user)
        return client

    def new_assessment(self) -> Assessment:
        return services.assessment_create(actor=self.users["owner"], system=self.system)

    def answer_all(self, assessment: Assessment) -> None:
        owner = self.users["owner"]
        for slug, answers in (
            ("t-screening", SCREENING_ANSWERS),
            ("t-general", GENERAL_ANSWERS),
            ("t-hiring", {"T-H-01": "yes"}),
            ("t-obligations", {"T-O-01": "yes"}),
        ):
            services.answers_upsert(
                actor=owner,
                assessment=assessment,
                answers=[
                    services.AnswerInput(checklist=slug, item=code, value=value)
                    for code, value in answers.items()
                ],
            )
        from django.core.files.uploadedfile import SimpleUploadedFile

        services.evidence_upload(
            actor=owner,
            assessment=assessment,
            checklist="t-general",
            item="T-A-01",
            upload=SimpleUploadedFile(
                "plan.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", content_type="application/pdf"
            ),
        )

    def submitted(self) -> Assessment:
        assessment = self.new_assessment()
        self.answer_all(assessment)
        return services.assessment_submit(
            actor=self.users["owner"], assessment=assessment, evaluation_body=self.body.pk
        )

    def in_review(self) -> Assessment:
        return services.assessment_claim(actor=self.users["evaluator"], assessment=self.submitted())

    def verdict(self, assessment: Assessment, item: str, verdict: str, remark: str = "") -> None:
        """The evaluator's verdict on one ``t-general`` item, through the single-item service."""
        services.verdict_set(
            actor=self.users["evaluator"],
            assessment=assessment,
            checklist="t-general",
            item=item,
            verdict=verdict,
            remark=remark,
        )

    def reviewed(
        self,
        *,
        verdicts: dict[str, tuple[str, str]],
        ratings: dict[str, tuple[int, str]],
    ) -> Assessment:
        """In review, with the evaluator's verdicts (item → verdict, remark) on ``t-general``
        and ratings (criterion → rating, rationale), each saved in one batch."""
        assessment = self.in_review()
        evaluator = self.users["evaluator"]
        services.verdicts_set(
            actor=evaluator,
            assessment=assessment,
            verdicts=[
                services.VerdictInput(checklist="t-general", item=item, verdict=v, remark=r)
                for item, (v, r) in verdicts.items()
            ],
        )
        services.ratings_set(
            actor=evaluator,
            assessment=assessment,
            ratings=[
                services.RatingInput(criterion=c, rating=rating, rationale=why)
                for c, (rating, why) in ratings.items()
            ],
        )
        return assessment


ROLES = (
    "anonymous",
    "owner",
    "member",
    "viewer",
    "other_company",
    "evaluator",
    "lead",
    "other_evaluator",
    "staff",
)
"""Everyone ``World.client`` can play, in the column order of the permission matrices."""


def row(*codes: int) -> dict[str, int]:
    """One permission matrix row: the expected status code for each of ``ROLES``, in order."""
    assert len(codes) == len(ROLES), codes
    return dict(zip(ROLES, codes, strict=True))


def build_world() -> World:
    """Two companies, two evaluation bodies, one user per role, one AI system (fixture content
    must be loaded). Shared with the browser tests, which build it in a committed database."""
    company = OrganizationFactory(name="Acme AI", kind=OrganizationKind.COMPANY)
    other_company = OrganizationFactory(name="Other Co", kind=OrganizationKind.COMPANY)
    body = OrganizationFactory(name="Lab One", kind=OrganizationKind.EVALUATION_BODY)
    other_body = OrganizationFactory(name="Lab Two", kind=OrganizationKind.EVALUATION_BODY)
    users = {}
    for name, org, role in [
        ("owner", company, Role.OWNER),
        ("member", company, Role.MEMBER),
        ("viewer", company, Role.VIEWER),
        ("other_company", other_company, Role.OWNER),
        ("evaluator", body, Role.EVALUATOR),
        ("lead", body, Role.LEAD),
        ("other_evaluator", other_body, Role.EVALUATOR),
    ]:
        users[name] = MembershipFactory(
            user=UserFactory(username=name), organization=org, role=role
        ).user
    users["staff"] = UserFactory(username="staff", is_staff=True, is_superuser=True)
    system = SystemFactory(organization=company, name="Résumé ranker", created_by=users["owner"])
    return World(company, other_company, body, other_body, system, users)


@pytest.fixture
def world(fixture_content: Path) -> World:
    return build_world()

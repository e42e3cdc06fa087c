"""With the shipped content: an assessment started on screening 1.x keeps the 1.0.0 rules after
2.0 is published (re-running applicability changes nothing it gets); a new one starts on 2.0."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from assessments import services
from assessments.choices import OrganizationKind, Role
from assessments.models import Assessment
from assessments.selectors import applied_checklists
from checklists.loader import CONTENT_DIR
from tests.factories import MembershipFactory, OrganizationFactory, SystemFactory, UserFactory


def labels(assessment: Assessment) -> list[str]:
    return [entry.label for entry in applied_checklists(assessment)]


def only_1x(tmp_path: Path) -> Path:
    """The shipped content as it was before any 2.x file."""
    target = tmp_path / "content"
    shutil.copytree(
        CONTENT_DIR, target, ignore=lambda _d, names: [n for n in names if n.startswith("2.")]
    )
    return target


@pytest.mark.django_db
def test_old_assessments_keep_the_1_0_rules_and_new_ones_get_2_0(
    tmp_path: Path, settings: Any
) -> None:
    settings.APPLICABILITY_RULES = CONTENT_DIR / "applicability.yaml"
    call_command("load_checklists", path=only_1x(tmp_path), stdout=io.StringIO())
    company = OrganizationFactory(name="Clinic", kind=OrganizationKind.COMPANY)
    owner = MembershipFactory(user=UserFactory(), organization=company, role=Role.OWNER).user
    system = SystemFactory(
        organization=company, name="Triage bot", domains=["healthcare", "chatbot"], created_by=owner
    )
    old = services.assessment_create(actor=owner, system=system)
    assert old.rules_version == "1.0.0"
    before = labels(old)
    assert before[0] == "high-impact-screening@1.0.0"
    assert "chatbot@1.0.0" not in before  # 1.0.0 reads one domain, the first

    call_command("load_checklists", stdout=io.StringIO())  # 2.0 is published
    services.answers_upsert(
        actor=owner,
        assessment=old,
        answers=[
            services.AnswerInput(checklist="high-impact-screening", item="HIS-SIG-01", value="no")
        ],
    )
    old.refresh_from_db()
    assert old.rules_version == "1.0.0" and labels(old) == before

    new = services.assessment_create(actor=owner, system=system)
    assert new.rules_version == "2.0.0"
    got = labels(new)
    assert got[0] == "high-impact-screening@2.0.0"
    assert {"healthcare", "chatbot"} <= {label.split("@")[0] for label in got}

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from assessments import scoring, services
from assessments.choices import OrganizationKind, Role, SystemRole
from assessments.models import AISystem, Answer, Assessment, Membership, Organization
from assessments.selectors import applied_checklists
from checklists.models import ChecklistVersion
from checklists.schema import AnswerType, ChecklistDocument, Evidence, Item, Kind

DEFAULT_PASSWORD = "trustcheck-demo"
COMPANY, COMPANY_2, LAB = "Demo AI Co.", "Second Company Inc.", "Demo Evaluation Lab"

# username, display name, organisation, role, staff
DEMO_USERS = [
    ("demo-company", "Demo AI Co. owner", COMPANY, Role.OWNER, False),
    ("demo-company-2", "Second company owner", COMPANY_2, Role.OWNER, False),
    ("demo-evaluator", "Demo Evaluation Lab lead", LAB, Role.LEAD, False),
    ("demo-evaluator-2", "Demo Evaluation Lab evaluator", LAB, Role.EVALUATOR, False),
    ("demo-admin", "Trust Check staff", None, None, True),
]
SYSTEMS = {
    COMPANY: {
        "name": "채용 서류 심사 보조 AI (Résumé screening assistant)",
        "purpose": "Ranks job applications for recruiters, who make every decision.",
        "domains": ["hiring"],
        "deployment_context": "Recruiting team, about 20,000 applications a year",
        "generative": False,
        "role": SystemRole.OPERATOR,
        "user_groups": "Recruiters use it; job applicants are affected by it.",
    },
    COMPANY_2: {
        "name": "고객 상담 챗봇 (Customer service chatbot)",
        "purpose": "Answers customers' questions about orders, refunds and instalment loans.",
        # Two domains: the chatbot edition, and finance for the loan questions it answers.
        "domains": ["chatbot", "finance"],
        "deployment_context": "Web and mobile app, around the clock",
        "generative": True,
        "role": SystemRole.BOTH,
        "user_groups": "Customers of all ages.",
    },
}
# The demo hiring system: significant, and in the Act's area 2(4)사 (1.x asks it as HIS-AREA-07,
# 2.x as the hiring item HIS-AREA-13).
SCREENING = {"HIS-SIG-01": "yes", "HIS-AREA-07": "yes", "HIS-AREA-13": "yes"}
# Scope questions of the safety and domestic-agent duties: the demo company is neither.
SCOPE_PREFIXES = ("HIS-SCOPE", "HIS-SAF", "HIS-AGT")


def demo_value(item: Item) -> Any:
    """A plausible good answer: mostly met, some gaps, so the demo report has something to show."""
    if item.code in SCREENING:
        return SCREENING[item.code]
    kind = item.answer_type
    if kind is AnswerType.YES_NO:
        return (
            "no"
            if item.area or item.code.startswith(SCOPE_PREFIXES)
            else ("yes" if sum(map(ord, item.code)) % 5 else "no")
        )
    if kind is AnswerType.MATURITY:
        return 3 if sum(map(ord, item.code)) % 3 else 4
    if kind is AnswerType.SINGLE_CHOICE:
        ranked = sorted(item.options, key=lambda o: o.score or 0)
        # Impact questions: a middling impact; everything else: the best practice.
        return ranked[len(ranked) // 2].key if item.points is not None else ranked[-1].key
    if kind is AnswerType.MULTI_CHOICE:
        return [o.key for o in item.options]
    if kind is AnswerType.NUMBER:
        return 1
    if kind is AnswerType.MEASUREMENT and item.measurement is not None:
        return item.measurement.threshold  # exactly the pass bound: level 3
    if kind is AnswerType.DATE:
        return "2026-10-01"
    return "See the attached internal documentation."


def demo_answers(document: ChecklistDocument) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for _section, item in document.items():
        if item.show_if is None or scoring.condition_holds(item.show_if, answers):
            answers[item.code] = demo_value(item)
    return answers


class Command(BaseCommand):
    help = "Create the demo organisations, users, systems and a submitted assessment (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", default=DEFAULT_PASSWORD)

    def handle(self, *args: Any, **options: Any) -> None:
        if not ChecklistVersion.objects.filter(checklist__kind=Kind.SCREENING.value).exists():
            raise CommandError("Load the checklists first: python manage.py load_checklists")
        with transaction.atomic():
            users = self._users(options["password"])
            systems = self._organizations(users)
        self._submitted_assessment(users["demo-company"], systems[COMPANY])
        self.stdout.write(f"Demo logins (password: {options['password']}):")
        for username, name, _org, _role, _staff in DEMO_USERS:
            self.stdout.write(f"  {username:16} {name}")

    def _users(self, password: str) -> dict[str, Any]:
        user_model = get_user_model()
        users = {}
        for username, name, _org, _role, staff in DEMO_USERS:
            user, created = user_model.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": name,
                    "email": f"{username}@example.com",
                    "is_staff": staff,
                    "is_superuser": staff,
                },
            )
            if created or not user.check_password(password):
                user.set_password(password)
                user.save()
            users[username] = user
        return users

    def _organizations(self, users: dict[str, Any]) -> dict[str, AISystem]:
        kinds = {
            COMPANY: OrganizationKind.COMPANY,
            COMPANY_2: OrganizationKind.COMPANY,
            LAB: OrganizationKind.EVALUATION_BODY,
        }
        organizations = {}
        for name, kind in kinds.items():
            organizations[name] = Organization.objects.filter(
                name=name, kind=kind
            ).first() or services.organization_create(name=name, kind=kind)
        for username, _name, org, role, _staff in DEMO_USERS:
            if org is None or role is None:
                continue
            if not Membership.objects.filter(
                user=users[username], organization=organizations[org]
            ).exists():
                services.membership_add(
                    organization=organizations[org], user=users[username], role=role
                )
        systems = {}
        for org, fields in SYSTEMS.items():
            owner = users["demo-company" if org == COMPANY else "demo-company-2"]
            systems[org] = AISystem.objects.filter(
                organization=organizations[org], name=fields["name"]
            ).first() or (
                services.system_create(actor=owner, organization=organizations[org], **fields)
            )
        return systems

    def _submitted_assessment(self, owner: Any, system: AISystem) -> None:
        if Assessment.objects.filter(system=system).exists():
            return
        assessment = services.assessment_create(actor=owner, system=system)
        # Checklist by checklist, screening first: its answers decide which checklists follow.
        done: set[str] = set()
        while pending := [e for e in applied_checklists(assessment) if e.label not in done]:
            entry = pending[0]
            done.add(entry.label)
            answers = demo_answers(entry.document)
            # A same_as item answered by its owner checklist of this assessment is not asked.
            referred = scoring.referrals(e.document for e in applied_checklists(assessment))
            for code in referred.get(entry.document.slug, {}):
                answers.pop(code, None)
            # Some answers exist already (the profile answers the generative question when the
            # assessment starts): give their version, as any client must.
            versions = dict(
                Answer.objects.filter(
                    assessment=assessment, checklist_version=entry.version
                ).values_list("item_code", "version")
            )
            services.answers_upsert(
                actor=owner,
                assessment=assessment,
                answers=[
                    services.AnswerInput(
                        checklist=entry.document.slug,
                        item=code,
                        value=value,
                        version=versions.get(code),
                    )
                    for code, value in answers.items()
                ],
            )
            for _section, item in entry.document.items():
                if item.evidence is Evidence.REQUIRED and item.code in answers:
                    services.evidence_upload(
                        actor=owner,
                        assessment=assessment,
                        checklist=entry.document.slug,
                        item=item.code,
                        upload=SimpleUploadedFile(
                            f"{item.code.lower()}-evidence.txt",
                            f"Evidence for {item.code}: internal policy, version 1.\n".encode(),
                            content_type="text/plain",
                        ),
                    )
        lab = Organization.objects.get(name=LAB, kind=OrganizationKind.EVALUATION_BODY)
        services.assessment_submit(actor=owner, assessment=assessment, evaluation_body=lab.pk)

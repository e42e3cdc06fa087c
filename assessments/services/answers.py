"""Starting an assessment, deciding which checklists apply, and writing answers and evidence."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments import answer_sql, codecs, scoring
from assessments.choices import (
    EDITABLE_STATUSES,
    AuditAction,
    Role,
    Status,
)
from assessments.codecs import InvalidAnswer
from assessments.codecs import check as normalize_value
from assessments.models import (
    AISystem,
    Answer,
    Assessment,
    AssessmentChecklist,
)
from assessments.permissions import Capabilities, capabilities
from assessments.selectors import (
    Applied,
    answers_by_version,
    applied_checklists,
    screening_of,
)
from assessments.services.common import Conflict, PermissionRefused, audit
from checklists.applicability import FactValue, Rules, applicable, shipped_rulebook
from checklists.models import ChecklistVersion
from checklists.schema import ChecklistDocument, Kind
from checklists.selectors import document_for
from core.exceptions import ApplicationError

logger = logging.getLogger(__name__)


def _require_editor(actor: Any, assessment: Assessment) -> None:
    refused = capabilities(actor, assessment).refusal("edit_answers")
    if refused is not None:
        raise PermissionRefused(refused)


def _require_editable(assessment: Assessment) -> None:
    if assessment.status not in EDITABLE_STATUSES:
        raise Conflict(
            _("Answers can only change while the assessment is a draft or changes are requested."),
            extra={"status": assessment.status},
        )


def _latest(slugs: list[str]) -> dict[str, ChecklistVersion]:
    latest: dict[str, ChecklistVersion] = {}
    for version in ChecklistVersion.objects.filter(checklist__slug__in=slugs).select_related(
        "checklist"
    ):
        key = (version.major, version.minor, version.patch)
        current = latest.get(version.checklist.slug)
        if current is None or key > (current.major, current.minor, current.patch):
            latest[version.checklist.slug] = version
    return latest


def applicability_refresh(*, actor: Any, assessment: Assessment) -> list[str]:
    """Re-derive the applicable checklists from the system profile and the screening answers.

    A checklist keeps the version it started with; a newly applicable one gets the newest version;
    one that no longer applies is detached, its answers kept (they return if it applies again).
    Returns the ``slug@version`` labels now applying. Runs inside the caller's transaction.
    """
    rulebook = shipped_rulebook()
    applied = applied_checklists(assessment)
    rules = rulebook.for_screening(_screening_version(applied, rulebook.newest.screening))
    answers = answers_by_version(assessment)
    result = screening_of(applied, answers)
    system = assessment.system
    facts: dict[str, FactValue] = {
        "system.domain": system.domain,
        "system.domains": list(system.domains or [system.domain]),
        "system.role": system.role,
        "system.generative": system.generative,
        "screening.high_impact": bool(result and result.high_impact),
        "screening.areas": list(result.areas) if result else [],
    }
    screening_answers: dict[str, Any] = {}
    for entry in applied:
        if entry.document.kind == Kind.SCREENING:
            screening_answers = {
                code: a.value for code, a in answers.get(entry.version.pk, {}).items()
            }
    chosen = applicable(rules, facts=facts, answers=screening_answers)
    current = {entry.document.slug: entry for entry in applied}
    latest = _latest([entry.slug for entry in chosen if entry.slug not in current])
    # A version an assessment used before (answers exist for it) comes back rather than a newer one.
    # After an upgrade the old version keeps the dropped answers: the newest answered one wins.
    answered_versions = {
        v.checklist.slug: v
        for v in ChecklistVersion.objects.filter(pk__in=list(answers))
        .select_related("checklist")
        .order_by("major", "minor", "patch")
    }
    wanted: list[tuple[ChecklistVersion, dict[str, str]]] = []
    for rule in chosen:
        version: ChecklistVersion | None
        if rule.slug in current:
            version = current[rule.slug].version
        else:
            version = answered_versions.get(rule.slug) or latest.get(rule.slug)
        if version is not None:
            wanted.append((version, rule.reason.model_dump()))
    before = [applied_entry.label for applied_entry in applied]
    AssessmentChecklist.objects.filter(assessment=assessment).exclude(
        version__in=[version for version, _reason in wanted]
    ).delete()
    links = {
        link.version_id: link for link in AssessmentChecklist.objects.filter(assessment=assessment)
    }
    for position, (version, reason) in enumerate(wanted):
        link = links.get(version.pk)
        if link is None:
            AssessmentChecklist.objects.create(
                assessment=assessment, version=version, position=position, reason=reason
            )
        elif (link.position, link.reason) != (position, reason):
            link.position, link.reason = position, reason
            link.save(update_fields=["position", "reason"])
    after = [f"{version.checklist.slug}@{version.version}" for version, _reason in wanted]
    _prefill(
        actor=actor,
        assessment=assessment,
        rules=rules,
        attached=[version for version, _reason in wanted],
        screening_answers=screening_answers,
    )
    screening = {
        "high_impact": bool(result and result.high_impact),
        "areas": list(result.areas) if result else [],
        "impact_level": result.impact_level if result else None,
    }
    if assessment.screening != screening or assessment.rules_version != rules.version:
        Assessment.objects.filter(pk=assessment.pk).update(
            screening=screening, rules_version=rules.version
        )
        assessment.screening, assessment.rules_version = screening, rules.version
    if before != after and before:
        audit(
            assessment=assessment,
            actor=actor,
            action=AuditAction.CHECKLISTS,
            data={"before": before, "after": after},
        )
    return after


def _screening_version(applied: list[Applied], screening: str) -> str | None:
    """The version of the assessment's screening, or of the one it is about to get (the newest
    published), which picks the rule set; None when no screening is published."""
    for entry in applied:
        if entry.document.kind == Kind.SCREENING:
            return entry.document.version
    newest = _latest([screening]).get(screening)
    return newest.version if newest is not None else None


def _prefill_value(source: Any, system: AISystem, screening_answers: dict[str, Any]) -> Any:
    if source.answer is not None:
        return screening_answers.get(source.answer)
    return "yes" if getattr(system, source.fact.removeprefix("system.")) else "no"


def _prefill(
    *,
    actor: Any,
    assessment: Assessment,
    rules: Rules,
    attached: list[ChecklistVersion],
    screening_answers: dict[str, Any],
) -> list[str]:
    """Write what the screening (or the profile) already decided into the attached checklists
    that ask it again (``prefill`` of the rule set): a new answer where there is none, and an
    update of an earlier pre-filled one whose source changed. An answer a person wrote is never
    touched (writing an answer clears ``prefilled_from``). Returns the ``slug/code`` written.
    Two queries when the rule set pre-fills an attached checklist, none otherwise."""
    by_slug = {version.checklist.slug: version for version in attached}
    targets = [
        (entry, by_slug[entry.to.checklist])
        for entry in rules.prefill
        if entry.to.checklist in by_slug
    ]
    if not targets:
        return []
    existing = {
        (answer.checklist_version_id, answer.item_code): answer
        for answer in Answer.objects.filter(
            assessment=assessment, checklist_version__in=[version for _e, version in targets]
        )
    }
    written: list[str] = []
    for entry, version in targets:
        item = document_for(version).item(entry.to.item)
        value = _prefill_value(entry.from_, assessment.system, screening_answers)
        if item is None or value is None:
            continue  # the attached version does not ask it, or the screening has no answer yet
        try:
            value = normalize_value(item, value, "")
        except InvalidAnswer:
            continue  # the answer does not fit the target item: it is asked, not pre-filled
        source = (
            f"{rules.screening}:{entry.from_.answer}"
            if entry.from_.answer is not None
            else f"profile:{entry.from_.fact}"
        )
        current = existing.get((version.pk, item.code))
        if current is None:
            Answer.objects.create(
                assessment=assessment,
                checklist_version=version,
                item_code=item.code,
                value=value,
                updated_by=actor,
                prefilled_from=source,
            )
        elif current.prefilled_from and current.value != value:
            Answer.objects.filter(pk=current.pk, version=current.version).update(
                value=value,
                version=current.version + 1,
                prefilled_from=source,
                updated_by=actor,
                updated_at=timezone.now(),
            )
        else:
            continue
        written.append(f"{version.checklist.slug}/{item.code}")
    if written:
        audit(
            assessment=assessment,
            actor=actor,
            action=AuditAction.ANSWER,
            data={"prefilled": written},
        )
    return written


@dataclass(frozen=True, slots=True)
class AnswerInput:
    checklist: str
    item: str
    value: Any
    comment: str = ""
    version: int | None = None
    # What a person typed (a string, or the keys of a multiple choice), read by the item's codec
    # as the fill form reads it; then ``value`` is None. The fill page's autosave sends this.
    typed: Any = None


def _resolve(applied: list[Applied], checklist: str) -> Applied | None:
    for entry in applied:
        if checklist in (entry.document.slug, entry.label):
            return entry
    return None


def _serialize(answer: Answer, slug: str) -> dict[str, Any]:
    return {
        "checklist": slug,
        "item": answer.item_code,
        "value": answer.value,
        "comment": answer.comment,
        "version": answer.version,
    }


@dataclass(frozen=True, slots=True)
class _Version:
    """What the write path needs of a checklist version, built once per version and process."""

    id: int
    slug: str
    label: str
    kind: Kind
    document: ChecklistDocument


def referred_owners(applied: list[_Version], slug: str) -> dict[str, scoring.Owner]:
    """The items of checklist ``slug`` that ``same_as`` answers elsewhere in this assessment:
    item code → owner. Pure over the cached versions (no query)."""
    present = {version.slug: version for version in applied}
    mine = present.get(slug)
    if mine is None:
        return {}
    found: dict[str, scoring.Owner] = {}
    for code, (_section, item) in mine.document.index.items():
        target = item.same_as
        owner = present.get(target.checklist) if target is not None else None
        located = owner.document.index.get(target.item) if target and owner else None
        if target is not None and located is not None:
            found[code] = scoring.Owner(target.checklist, located[0].code, target.item)
    return found


def answered_in_message(code: str, owner: scoring.Owner, applied: list[_Version]) -> str:
    """ "GAI-NTC-01 is answered in High-impact obligations › Prior notice (HIO-NTC-01); …"."""
    version = next(v for v in applied if v.slug == owner.checklist)
    language = translation.get_language() or "ko"
    located = version.document.index.get(owner.item)
    section_title = located[0].title.get(language) if located else owner.section
    return _(
        "%(item)s is answered in %(checklist)s › %(section)s (%(owner)s); change the answer there."
    ) % {
        "item": code,
        "checklist": version.document.title.get(language),
        "section": section_title,
        "owner": owner.item,
    }


_VERSIONS_CACHED = 256
_versions: dict[tuple[int, str], _Version] = {}


def _applicable_versions(locked: answer_sql.Locked) -> list[_Version]:
    """The assessment's checklist versions, from the per-version cache (keyed by id and SHA-256,
    so a stale entry cannot hit); one query for the versions this process has not seen yet."""
    missing = [pk for pk, sha in locked.versions if (pk, sha) not in _versions]
    if missing:
        for version in ChecklistVersion.objects.filter(pk__in=missing).select_related("checklist"):
            document = document_for(version)
            if len(_versions) >= _VERSIONS_CACHED:
                _versions.pop(next(iter(_versions)))
            _versions[(version.pk, version.sha256)] = _Version(
                id=version.pk,
                slug=document.slug,
                label=f"{document.slug}@{document.version}",
                kind=document.kind,
                document=document,
            )
    return [_versions[key] for key in locked.versions if key in _versions]


def _conflict_entry(current: Answer | None, slug: str, item: str) -> dict[str, Any]:
    if current is None:
        return {"checklist": slug, "item": item, "value": None, "version": None}
    return _serialize(current, slug)


@transaction.atomic
def answers_upsert(
    *, actor: Any, assessment: Assessment | int, answers: list[AnswerInput]
) -> list[Answer]:
    """Write a batch of answers, all or nothing.

    Each answer names the version it was based on (None for a new answer). A stale version makes
    the whole batch fail with 409, listing the current answers, so no one's edit is lost. A value
    of None clears the answer, or keeps just its comment when one is given (still unanswered for
    scoring and submit); an unchanged answer keeps its version. Screening answers re-derive the
    applicable checklists.

    ``assessment`` may be an id: then this is also the scoped lookup (404 when the actor may not
    see it), which is how the API calls it. The statements are in ``assessments.answer_sql``: one
    locking read, then one conditional write per kind of change with the audit event.
    """
    by_id = not isinstance(assessment, Assessment)
    assessment_id = int(assessment) if by_id else assessment.pk  # type: ignore[union-attr, arg-type]
    locked = answer_sql.lock_for_write(assessment_id=assessment_id, user_id=actor.pk)
    if locked is None:
        raise Http404
    may = Capabilities(
        company_role=Role(locked.company_role) if locked.company_role else None,
        body_role=Role(locked.body_role) if locked.body_role else None,
        user_id=int(actor.pk),
        status=Status(locked.status),
        claimed_by_id=None,
        assigned_to_id=None,
    )
    refused = may.refusal("edit_answers")
    if refused is not None:
        if by_id and not may.can_view:
            raise Http404
        raise PermissionRefused(refused)
    if locked.status not in EDITABLE_STATUSES:
        raise Conflict(
            _("Answers can only change while the assessment is a draft or changes are requested."),
            extra={"status": locked.status},
        )
    if not answers:
        raise ApplicationError(
            _("No answers were given."), extra={"fields": {"answers": ["empty"]}}
        )
    applied = _applicable_versions(locked)
    errors: dict[str, dict[str, list[str]]] = {}
    resolved: list[tuple[_Version, answer_sql.Change]] = []
    seen: set[tuple[int, str]] = set()
    for index, entry in enumerate(answers):
        target = next((v for v in applied if entry.checklist in (v.slug, v.label)), None)
        problems: dict[str, list[str]] = {}
        item = None
        if target is None:
            problems["checklist"] = [
                _("%(checklist)s does not apply to this assessment.")
                % {"checklist": entry.checklist}
            ]
        else:
            item = target.document.item(entry.item)
            if item is None:
                problems["item"] = [
                    _("%(item)s is not an item of %(checklist)s.")
                    % {"item": entry.item, "checklist": target.label}
                ]
            elif (target.id, item.code) in seen:
                problems["item"] = [
                    _("%(item)s is answered twice in one request.") % {"item": item.code}
                ]
            elif item.code in (owner := referred_owners(applied, target.slug)):
                problems["item"] = [answered_in_message(item.code, owner[item.code], applied)]
        value = None
        if target is not None and item is not None:
            seen.add((target.id, item.code))
            try:
                given = entry.value if entry.typed is None else codecs.parse(item, entry.typed)
                if given is not None:
                    value = normalize_value(item, given, entry.comment or "")
            except InvalidAnswer as exc:
                problems["value" if entry.typed is None else "typed"] = [str(exc)]
        if problems:
            errors[str(index)] = problems
        else:
            assert target is not None and item is not None
            change = answer_sql.Change(
                version_id=target.id,
                item_code=item.code,
                value=value,
                comment=entry.comment or "",
                version=entry.version,
            )
            resolved.append((target, change))
    if errors:
        raise ApplicationError(
            _("Some answers are invalid; none was saved."), extra={"fields": {"answers": errors}}
        )

    now = timezone.now()
    written = {
        (w.version_id, w.item_code): w
        for w in answer_sql.write_answers(
            assessment_id=assessment_id,
            actor_id=actor.pk,
            changes=[change for _t, change in resolved],
            now=now,
        )
    }
    # What was not written was stale, unchanged, or a clear of nothing: the current rows say which.
    others = [
        (target, change)
        for target, change in resolved
        if (change.version_id, change.item_code) not in written
    ]
    current = (
        answer_sql.current_answers(
            assessment_id=assessment_id,
            keys=[(change.version_id, change.item_code) for _t, change in others],
        )
        if others
        else {}
    )
    conflicts = []
    for target, change in others:
        stored = current.get((change.version_id, change.item_code))
        if (stored.version if stored else None) != change.version:
            conflicts.append(_conflict_entry(stored, target.slug, change.item_code))
        elif stored and (stored.value, stored.comment) != (change.value, change.comment):
            # On its version and yet not written: never silently report an unsaved edit as saved.
            raise RuntimeError(f"answer {stored.pk} was neither written nor stale")
    if conflicts:
        raise Conflict(
            _("Someone else changed these answers since you loaded them; nothing was saved."),
            extra={"conflicts": conflicts},
        )

    saved: list[Answer] = []
    touched_screening = False
    for target, change in resolved:
        key = (change.version_id, change.item_code)
        done = written.get(key)
        answer: Answer | None
        if done is None:
            answer = current.get(key)  # unchanged (or a clear of an answer that is not there)
        else:
            touched_screening |= target.kind == Kind.SCREENING
            answer = (
                None
                if done.cleared
                else Answer(
                    pk=done.id,
                    assessment_id=assessment_id,
                    checklist_version_id=change.version_id,
                    item_code=change.item_code,
                    value=change.value,
                    comment=change.comment,
                    version=done.version,
                    updated_by=actor,
                    updated_at=now,
                )
            )
        if answer is not None:
            answer.checklist_label = target.label  # type: ignore[attr-defined]
            saved.append(answer)
    if touched_screening:
        applicability_refresh(
            actor=actor,
            assessment=Assessment.objects.select_related("system").get(pk=assessment_id),
        )
    return saved

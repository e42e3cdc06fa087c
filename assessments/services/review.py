"""The evaluator's item verdicts and criterion ratings.

Both are written in batches, all or nothing, like answers (``answers_upsert``): every entry is
checked first, the errors name the entry and the field, and nothing is written when one fails.
The review page and the API go through the same two services.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.choices import AuditAction, CriterionState, Status, VerdictChoice
from assessments.measurement import InvalidMeasurement, MeasurementCodec
from assessments.models import Assessment, AuditEvent, CriterionRating, ItemVerdict
from assessments.permissions import capabilities
from assessments.scoring import Owner, referrals
from assessments.selectors import Applied, applied_checklists, out_of_scope
from assessments.services.common import Conflict, PermissionRefused
from checklists.schema import Item
from checklists.selectors import document_for
from core.exceptions import ApplicationError


@dataclass(frozen=True, slots=True)
class VerdictInput:
    checklist: str
    item: str
    verdict: str
    remark: str = ""


@dataclass(frozen=True, slots=True)
class RatingInput:
    criterion: str
    # 0-4, or None for "not applicable" when no state is given; anything else (a string from a
    # form) is refused. "" means not given: a measured criterion's level follows from ``value``.
    rating: object = ""
    rationale: str = ""
    # rated | not_applicable | not_evaluated; empty: rated when a rating or value is given, else
    # not applicable (what an empty rating always meant).
    state: str = ""
    value: object = None  # the measured value of a measured criterion
    source: str = ""


@dataclass(frozen=True, slots=True)
class _Rated:
    state: str
    rating: int | None
    value: float | None


@dataclass(frozen=True, slots=True)
class Problem:
    field: str
    code: str  # short machine code, as the single-entry API has always answered
    message: str


class BatchInvalid(ApplicationError):
    """Some entries of a batch are invalid; ``problems`` maps each entry's index to its problem."""

    def __init__(self, message: str, *, key: str, problems: dict[int, Problem]) -> None:
        self.problems = problems
        super().__init__(
            message,
            extra={
                "fields": {
                    key: {str(i): {p.field: [p.message]} for i, p in sorted(problems.items())}
                }
            },
        )


def _reviewer(actor: Any, assessment: Assessment) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    refused = capabilities(actor, assessment).refusal("review")
    if refused is not None:
        raise PermissionRefused(refused)
    if assessment.status != Status.IN_REVIEW:
        raise Conflict(
            _("Only an assessment in review takes verdicts and ratings."),
            extra={"status": assessment.status},
        )
    return assessment


def _verdict_problem(
    applied: list[Applied],
    entry: VerdictInput,
    seen: set[tuple[int, str]],
    referred: Mapping[str, Mapping[str, Owner]] | None = None,
) -> tuple[Problem | None, Applied | None]:
    if not entry.verdict:
        return Problem("verdict", "required", _("Choose a verdict.")), None
    if entry.verdict not in VerdictChoice.values:
        return Problem("verdict", f"one of {VerdictChoice.values}", _("Unknown verdict.")), None
    target = next((e for e in applied if entry.checklist in (e.document.slug, e.label)), None)
    if target is None:
        message = _("%(checklist)s does not apply to this assessment.") % {
            "checklist": entry.checklist
        }
        return Problem("checklist", "not applicable", message), None
    if target.document.item(entry.item) is None:
        message = _("%(item)s is not an item of %(checklist)s.") % {
            "item": entry.item,
            "checklist": target.label,
        }
        return Problem("item", "unknown item", message), None
    if (target.version.pk, entry.item) in seen:
        message = _("%(item)s is answered twice in one request.") % {"item": entry.item}
        return Problem("item", "repeated", message), None
    if referred is None:
        referred = referrals(e.document for e in applied)
    owner = referred.get(target.document.slug, {}).get(entry.item)
    if owner is not None:
        message = _(
            "%(item)s is answered in %(checklist)s (%(owner)s); give the verdict there."
        ) % {"item": entry.item, "checklist": owner.checklist, "owner": owner.item}
        return Problem("item", "answered elsewhere", message), None
    seen.add((target.version.pk, entry.item))
    if entry.verdict != VerdictChoice.CONFIRMED and not entry.remark.strip():
        message = _("Explain a verdict other than confirmed in a remark.")
        return Problem("remark", "required", message), None
    return None, target


@transaction.atomic
def verdicts_set(
    *, actor: Any, assessment: Assessment, verdicts: list[VerdictInput]
) -> list[ItemVerdict]:
    """Record the evaluator's verdicts on items (replacing earlier ones), all or nothing.

    Raises ``BatchInvalid`` naming every entry that is wrong; then nothing is written. An entry
    equal to the stored verdict of this revision is left as it is (no audit event).
    Returns the verdicts as this call left them, in the order given.
    """
    assessment = _reviewer(actor, assessment)
    if not verdicts:
        raise ApplicationError(
            _("No verdicts were given."), extra={"fields": {"verdicts": ["empty"]}}
        )
    applied = applied_checklists(assessment)
    problems: dict[int, Problem] = {}
    resolved: list[tuple[VerdictInput, Applied]] = []
    seen: set[tuple[int, str]] = set()
    referred = referrals(e.document for e in applied)  # same_as items: reviewed at the owner
    for index, entry in enumerate(verdicts):
        problem, target = _verdict_problem(applied, entry, seen, referred)
        if problem is not None:
            problems[index] = problem
        else:
            assert target is not None
            resolved.append((entry, target))
    if problems:
        raise BatchInvalid(
            _("Some verdicts are invalid; none was saved."), key="verdicts", problems=problems
        )
    existing = {
        (v.checklist_version_id, v.item_code): v
        for v in ItemVerdict.objects.filter(
            assessment=assessment, item_code__in=[e.item for e, _t in resolved]
        )
    }
    now = timezone.now()
    result: list[ItemVerdict] = []
    to_create: list[ItemVerdict] = []
    to_update: list[ItemVerdict] = []
    events: list[AuditEvent] = []
    for entry, target in resolved:
        row = existing.get((target.version.pk, entry.item))
        if row is None:
            row = ItemVerdict(
                assessment=assessment,
                checklist_version=target.version,
                item_code=entry.item,
                verdict=entry.verdict,
                remark=entry.remark,
                revision=assessment.revision,
                evaluator=actor,
                updated_at=now,
            )
            to_create.append(row)
        elif (row.verdict, row.remark, row.revision) != (
            entry.verdict,
            entry.remark,
            assessment.revision,
        ):
            row.verdict, row.remark = entry.verdict, entry.remark
            row.revision, row.evaluator, row.updated_at = assessment.revision, actor, now
            to_update.append(row)
        else:
            result.append(row)
            continue
        result.append(row)
        events.append(
            AuditEvent(
                assessment=assessment,
                actor=actor,
                action=AuditAction.VERDICT,
                comment=entry.remark,
                data={"checklist": target.label, "item": entry.item, "verdict": entry.verdict},
            )
        )
    ItemVerdict.objects.bulk_create(to_create)
    if to_update:
        ItemVerdict.objects.bulk_update(
            to_update, ["verdict", "remark", "revision", "evaluator", "updated_at"]
        )
    # One audit event per verdict (the trail stays item by item), written in one statement.
    AuditEvent.objects.bulk_create(events)
    return result


def _single(problems: BatchInvalid) -> ApplicationError:
    problem = problems.problems[min(problems.problems)]
    return ApplicationError(problem.message, extra={"fields": {problem.field: [problem.code]}})


def verdict_set(
    *, actor: Any, assessment: Assessment, checklist: str, item: str, verdict: str, remark: str = ""
) -> ItemVerdict:
    """One verdict: ``verdicts_set`` with a batch of one; errors name the field directly."""
    try:
        return verdicts_set(
            actor=actor,
            assessment=assessment,
            verdicts=[VerdictInput(checklist=checklist, item=item, verdict=verdict, remark=remark)],
        )[0]
    except BatchInvalid as exc:
        raise _single(exc) from None


def _rating_problem(
    found: Item | None, entry: RatingInput, excluded: frozenset[str]
) -> tuple[Problem | None, _Rated | None]:
    """What is wrong with one entry, or what it records (state, level, measured value)."""
    if found is None:
        message = _("%(criterion)s is not a reliability criterion.") % {
            "criterion": entry.criterion
        }
        return Problem("criterion", "unknown criterion", message), None
    if found.code in excluded:
        message = _("%(criterion)s is out of the evaluation scope; change the scope first.") % {
            "criterion": entry.criterion
        }
        return Problem("criterion", "out of scope", message), None
    given = entry.rating not in ("", None) or entry.value is not None
    state = entry.state or (
        CriterionState.RATED if given or entry.rating == "" else CriterionState.NOT_APPLICABLE
    )
    if state not in CriterionState.values:
        return Problem("state", f"one of {CriterionState.values}", _("Unknown state.")), None
    if state != CriterionState.RATED:
        if given:
            message = _("A criterion not applicable or not evaluated takes no level or value.")
            return Problem("rating", "no level", message), None
        if state == CriterionState.NOT_APPLICABLE and not found.allow_na:
            return Problem("rating", "required", _("This criterion must be rated.")), None
        if not entry.rationale.strip():
            message = (
                _("A rating below 3, or not applicable, needs a rationale.")
                if state == CriterionState.NOT_APPLICABLE
                else _("Say why the criterion could not be evaluated.")
            )
            return Problem("rationale", "required", message), None
        return None, _Rated(state, None, None)
    value: float | None = None
    if found.measurement is not None:
        if entry.rating not in ("", None):
            message = _("The level of a measured criterion follows from its value; send the value.")
            return Problem("rating", "computed", message), None
        if entry.value is None:
            return Problem("value", "required", _("Enter the measured value.")), None
        codec = MeasurementCodec(found.measurement)
        try:
            value = float(codec.parse(entry.value))
        except InvalidMeasurement as exc:
            return Problem("value", "invalid", str(exc)), None
        rating: object = codec.level(value)
    else:
        if entry.value is not None:
            message = _("%(criterion)s is not measured; give a level 0-4.") % {
                "criterion": entry.criterion
            }
            return Problem("value", "not measured", message), None
        rating = entry.rating
        if rating == "":
            return Problem("rating", "required", _("Choose a level for this criterion.")), None
        if isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= 4:
            return Problem("rating", "0-4", _("A rating is a whole number from 0 to 4.")), None
    assert isinstance(rating, int)
    if rating < 3 and not entry.rationale.strip():
        return Problem(
            "rationale", "required", _("A rating below 3, or not applicable, needs a rationale.")
        ), None
    return None, _Rated(state, rating, value)


def scope_required(assessment: Assessment) -> bool:
    """Whether ratings wait for the scoping step: rubrics from 2.0 on, until it is recorded
    (1.x rubrics were rated without it, and their assessments keep working as they were)."""
    version = assessment.evaluation_version
    return (
        version is not None
        and version.major >= 2
        and not (assessment.evaluation_scope or {}).get("set")
    )


@transaction.atomic
def ratings_set(
    *, actor: Any, assessment: Assessment, ratings: list[RatingInput]
) -> list[CriterionRating]:
    """Rate reliability criteria 0-4 (None = not applicable), all or nothing.

    Below 3, and not applicable, need a rationale. Raises ``BatchInvalid`` naming every entry that
    is wrong; then nothing is written. Returns the ratings as this call left them.
    """
    assessment = _reviewer(actor, assessment)
    if assessment.evaluation_version is None:
        raise ApplicationError(_("No evaluation criteria are attached to this assessment."))
    if not ratings:
        raise ApplicationError(
            _("No ratings were given."), extra={"fields": {"ratings": ["empty"]}}
        )
    if scope_required(assessment):
        raise ApplicationError(
            _("Set the evaluation scope before rating: choose the criteria that apply."),
            extra={"fields": {"scope": ["required"]}},
        )
    criteria = document_for(assessment.evaluation_version)
    excluded = frozenset(out_of_scope(assessment))
    problems: dict[int, Problem] = {}
    recorded: dict[int, _Rated] = {}
    seen: set[str] = set()
    for index, entry in enumerate(ratings):
        problem, rated = _rating_problem(criteria.item(entry.criterion), entry, excluded)
        if rated is not None:
            recorded[index] = rated
        if problem is None and entry.criterion in seen:
            problem = Problem(
                "criterion",
                "repeated",
                _("%(item)s is answered twice in one request.") % {"item": entry.criterion},
            )
        seen.add(entry.criterion)
        if problem is not None:
            problems[index] = problem
    if problems:
        raise BatchInvalid(
            _("Some ratings are invalid; none was saved."), key="ratings", problems=problems
        )
    existing = {
        r.criterion: r
        for r in CriterionRating.objects.filter(
            assessment=assessment, criterion__in=[e.criterion for e in ratings]
        )
    }
    now = timezone.now()
    result: list[CriterionRating] = []
    to_create: list[CriterionRating] = []
    to_update: list[CriterionRating] = []
    events: list[AuditEvent] = []
    for index, entry in enumerate(ratings):
        rated = recorded[index]
        rating = rated.rating
        fields = (rated.state, rating, rated.value, entry.source, entry.rationale)
        row = existing.get(entry.criterion)
        if row is None:
            row = CriterionRating(
                assessment=assessment,
                criterion=entry.criterion,
                state=rated.state,
                rating=rating,
                value=rated.value,
                source=entry.source,
                rationale=entry.rationale,
                evaluator=actor,
                updated_at=now,
            )
            to_create.append(row)
        elif (row.state, row.rating, row.value, row.source, row.rationale) != fields:
            row.state, row.rating, row.value, row.source, row.rationale = fields
            row.evaluator, row.updated_at = actor, now
            to_update.append(row)
        else:
            result.append(row)
            continue
        result.append(row)
        events.append(
            AuditEvent(
                assessment=assessment,
                actor=actor,
                action=AuditAction.RATING,
                comment=entry.rationale,
                data={"criterion": entry.criterion, "rating": rating}
                | ({"state": rated.state} if rated.state != CriterionState.RATED else {})
                | ({"value": rated.value} if rated.value is not None else {}),
            )
        )
    CriterionRating.objects.bulk_create(to_create)
    if to_update:
        CriterionRating.objects.bulk_update(
            to_update,
            ["state", "rating", "value", "source", "rationale", "evaluator", "updated_at"],
        )
    AuditEvent.objects.bulk_create(events)
    return result


def rating_set(
    *,
    actor: Any,
    assessment: Assessment,
    criterion: str,
    rating: object = "",
    rationale: str = "",
    state: str = "",
    value: object = None,
    source: str = "",
) -> CriterionRating:
    """One rating: ``ratings_set`` with a batch of one; errors name the field directly."""
    entry = RatingInput(
        criterion=criterion,
        rating=rating,
        rationale=rationale,
        state=state,
        value=value,
        source=source,
    )
    try:
        return ratings_set(actor=actor, assessment=assessment, ratings=[entry])[0]
    except BatchInvalid as exc:
        raise _single(exc) from None


TTA_REQUIREMENTS = tuple(f"{number:02d}" for number in range(1, 16))
"""The TTA guide's fifteen requirements (``01``-``15``), as the scoping step records them."""


@transaction.atomic
def evaluation_scope_set(
    *,
    actor: Any,
    assessment: Assessment,
    excluded: list[str],
    tta: list[str],
    reason: str = "",
) -> dict[str, Any]:
    """The scoping step before rating: which criteria apply and which TTA requirements are in
    scope. Out-of-scope criteria count nowhere in the outcome and are shown as such; leaving any
    out needs a ``reason``. Ratings already given to a criterion now out of scope are kept (they
    count again if it comes back into scope). Field-level errors; nothing is written on one.
    """
    assessment = _reviewer(actor, assessment)
    if assessment.evaluation_version is None:
        raise ApplicationError(_("No evaluation criteria are attached to this assessment."))
    criteria = [i.code for _s, i in document_for(assessment.evaluation_version).items()]
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(excluded) - set(criteria))
    if unknown:
        errors["excluded"] = [
            _("Not criteria of this rubric: %(codes)s.") % {"codes": ", ".join(unknown)}
        ]
    elif len(set(excluded)) == len(criteria):
        errors["excluded"] = [_("Keep at least one criterion in scope.")]
    wrong = sorted(set(tta) - set(TTA_REQUIREMENTS))
    if wrong:
        errors["tta"] = [
            _("TTA requirements are numbered 01 to 15, not %(codes)s.")
            % {"codes": ", ".join(wrong)}
        ]
    if excluded and not reason.strip():
        errors["reason"] = [_("Say why the criteria left out do not apply.")]
    if errors:
        raise ApplicationError(
            _("The scope is invalid; nothing was saved."), extra={"fields": errors}
        )
    scope: dict[str, Any] = {
        "set": True,
        "excluded": [code for code in criteria if code in set(excluded)],
        "tta": [number for number in TTA_REQUIREMENTS if number in set(tta)],
        "reason": reason.strip(),
    }
    if scope != assessment.evaluation_scope:
        assessment.evaluation_scope = scope
        assessment.save(update_fields=["evaluation_scope", "updated_at"])
        AuditEvent.objects.create(
            assessment=assessment,
            actor=actor,
            action=AuditAction.SCOPE,
            comment=scope["reason"],
            data={"excluded": scope["excluded"], "tta": scope["tta"]},
        )
    return scope


MEASUREMENTS_EXAMPLE = {
    "measurements": [
        {"criterion": "REL-HAL-01", "value": 3.2, "source": "test report 2026-11, §4.2"}
    ]
}
"""The JSON shape of a measurement import (README, "Measured criteria")."""


def measurements_parse(data: Any) -> list[RatingInput]:
    """A measurement import ``{"measurements": [{criterion, value, source?, rationale?}]}`` as
    rating entries; a shape error names the entry and the field (nothing is written)."""
    if not isinstance(data, dict) or not isinstance(data.get("measurements"), list):
        raise ApplicationError(
            _('Expected a JSON object {"measurements": [{"criterion": …, "value": …}]}.'),
            extra={"fields": {"measurements": ["expected a list"]}},
        )
    entries = data["measurements"]
    if not entries:
        raise ApplicationError(
            _("No measurements were given."), extra={"fields": {"measurements": ["empty"]}}
        )
    if len(entries) > 500:
        raise ApplicationError(
            _("At most 500 measurements at a time."),
            extra={"fields": {"measurements": ["too many"]}},
        )
    problems: dict[str, dict[str, list[str]]] = {}
    result: list[RatingInput] = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            problems[str(index)] = {"non_field_errors": [_("Each measurement is an object.")]}
            continue
        unknown = sorted(set(entry) - {"criterion", "value", "source", "rationale"})
        wrong: dict[str, list[str]] = {key: [_("Unknown field.")] for key in unknown}
        for key in ("criterion", "source", "rationale"):
            if key in entry and not isinstance(entry[key], str):
                wrong[key] = [_("Expected a text.")]
        if not entry.get("criterion"):
            wrong["criterion"] = [_("This field is required.")]
        if "value" not in entry:
            wrong["value"] = [_("This field is required.")]
        if wrong:
            problems[str(index)] = wrong
            continue
        result.append(
            RatingInput(
                criterion=entry["criterion"],
                value=entry["value"],
                source=str(entry.get("source", ""))[:2000],
                rationale=str(entry.get("rationale", "")),
                state=CriterionState.RATED,
            )
        )
    if problems:
        raise ApplicationError(
            _("Some measurements are invalid; none was saved."),
            extra={"fields": {"measurements": problems}},
        )
    return result


def measurements_import(*, actor: Any, assessment: Assessment, data: Any) -> list[CriterionRating]:
    """Import measured values as ratings, all or nothing (``measurements_parse`` for the shape,
    ``ratings_set`` for the rest: errors come back under ``measurements`` by entry and field)."""
    entries = measurements_parse(data)
    try:
        return ratings_set(actor=actor, assessment=assessment, ratings=entries)
    except BatchInvalid as exc:
        raise ApplicationError(
            _("Some measurements are invalid; none was saved."),
            extra={
                "fields": {
                    "measurements": {
                        str(i): {p.field: [p.message]} for i, p in sorted(exc.problems.items())
                    }
                }
            },
        ) from None

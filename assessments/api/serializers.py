"""Shapes of the assessments API. Serializers check shape only; services check the rules."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils import json as drf_json

from assessments.choices import CriterionState, VerdictChoice
from assessments.codecs import MAX_TEXT
from assessments.models import (
    AISystem,
    Answer,
    Assessment,
    AuditEvent,
    CriterionRating,
    Evidence,
    Invitation,
    ItemVerdict,
    Membership,
    Organization,
)
from assessments.services.organizations import SYSTEM_FIELDS
from checklists.schema import Domain


class OrganizationSerializer(serializers.ModelSerializer[Organization]):
    class Meta:
        model = Organization
        fields = ["id", "name"]
        read_only_fields = fields


DOMAIN_VALUES = [d.value for d in Domain]


class SystemSerializer(serializers.ModelSerializer[AISystem]):
    """A system works in one or several domains: ``domains`` (a list, the first one is the main
    one) or, as before, ``domain`` (one value, meaning that single domain). Both come back."""

    domain = serializers.ChoiceField(
        choices=DOMAIN_VALUES,
        required=False,
        help_text="The main domain, the first of domains. Given alone: the system's only domain.",
    )
    domains = serializers.ListField(
        child=serializers.ChoiceField(choices=DOMAIN_VALUES),
        required=False,
        allow_empty=False,
        help_text='Every domain of the system, main one first, e.g. ["healthcare", "chatbot"].',
    )
    organization = serializers.CharField(source="organization.name", read_only=True)

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        """A new system needs ``domain`` or ``domains``: reported with the other field errors."""
        errors: dict[str, Any] = {}
        attrs: dict[str, Any] = {}
        try:
            attrs = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            errors = (
                dict(exc.detail)
                if isinstance(exc.detail, dict)
                else {"non_field_errors": exc.detail}
            )
        given = isinstance(data, dict) and ("domain" in data or "domains" in data)
        if self.instance is None and not given:
            errors.setdefault("domain", [self.fields["domain"].error_messages["required"]])
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        domain, domains = attrs.get("domain"), attrs.get("domains")
        if domains is not None:
            repeated = sorted({d for d in domains if domains.count(d) > 1})
            if repeated:
                raise serializers.ValidationError(
                    {
                        "domains": [
                            _("%(domains)s is listed more than once.")
                            % {"domains": ", ".join(repeated)}
                        ]
                    }
                )
            if domain is not None and domain != domains[0]:
                raise serializers.ValidationError(
                    {"domain": [_("domain is the first of domains; give one or make them agree.")]}
                )
            attrs["domain"] = domains[0]
        elif domain is not None:
            attrs["domains"] = [domain]
        return attrs

    class Meta:
        model = AISystem
        # What a client may write is exactly what the system services accept.
        fields = ["id", "organization", *SYSTEM_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["id", "organization", "created_at", "updated_at"]
        # Uniqueness per company is a service rule (a clear 400), not a serializer validator.
        validators: list[Any] = []


class AssessmentSerializer(serializers.ModelSerializer[Assessment]):
    system = serializers.PrimaryKeyRelatedField[AISystem](read_only=True)
    system_name = serializers.CharField(source="system.name", read_only=True)
    organization = serializers.CharField(source="system.organization.name", read_only=True)
    checklists = serializers.SerializerMethodField()
    evaluation_body = serializers.PrimaryKeyRelatedField[Organization](
        read_only=True, allow_null=True
    )
    claimed_by = serializers.CharField(
        source="claimed_by.username", read_only=True, default=None, allow_null=True
    )
    assigned_to = serializers.CharField(
        source="assigned_to.username", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Assessment
        fields = [
            "id",
            "system",
            "system_name",
            "organization",
            "status",
            "revision",
            "checklists",
            "evaluation_body",
            "claimed_by",
            "assigned_to",
            "screening",
            "opinion",
            "approval_override",
            "created_at",
            "updated_at",
            "submitted_at",
            "decided_at",
        ]
        read_only_fields = fields

    def get_checklists(self, assessment: Assessment) -> list[str]:
        return [
            f"{link.version.checklist.slug}@{link.version.version}"
            for link in assessment.applicable.all()
        ]


class AssessmentCreateSerializer(serializers.Serializer[dict[str, Any]]):
    system = serializers.IntegerField()


class AnswerSerializer(serializers.ModelSerializer[Answer]):
    checklist = serializers.SerializerMethodField()
    item = serializers.CharField(source="item_code")
    value = serializers.JSONField()
    updated_by = serializers.CharField(
        source="updated_by.username", read_only=True, allow_null=True
    )
    answered_in = serializers.DictField(
        child=serializers.CharField(),
        read_only=True,
        allow_null=True,
        help_text="same_as: the owner item whose answer this is ({checklist, section, item}); "
        "null for an item answered here",
    )

    class Meta:
        model = Answer
        fields = [
            "checklist",
            "item",
            "value",
            "comment",
            "version",
            "review_reason",
            "carried_from",
            "updated_by",
            "updated_at",
            "answered_in",
        ]
        read_only_fields = fields

    def get_checklist(self, answer: Answer) -> str:
        written = getattr(answer, "checklist_label", None)  # set by the service on what it wrote
        if written:
            return str(written)
        labels: dict[int, str] = self.context.get("labels", {})
        return labels.get(answer.checklist_version_id, "")

    def to_representation(self, instance: Answer) -> dict[str, Any]:
        # The fields above, written out: this is every autosave's reply and the 2,000-answer
        # list, and building the serializer's fields per call cost more than the SQL did.
        return {
            "checklist": self.get_checklist(instance),
            "item": instance.item_code,
            "value": instance.value,
            "comment": instance.comment,
            "version": instance.version,
            "review_reason": instance.review_reason,
            "carried_from": instance.carried_from,
            "updated_by": instance.updated_by.username if instance.updated_by_id else None,
            "updated_at": _UPDATED_AT.to_representation(instance.updated_at)
            if instance.updated_at
            else None,
            # same_as: the owner item whose answer this is ({checklist, item}); null otherwise.
            "answered_in": getattr(instance, "answered_in", None),
        }


_UPDATED_AT = serializers.DateTimeField(read_only=True)


def plain_typed(value: Any) -> tuple[bool, Any]:
    """(ok, typed): a typed answer is text or a list of texts, at most ``MAX_TEXT`` long."""
    if value is None:
        return True, None
    if type(value) is str:
        return len(value) <= MAX_TEXT and "\x00" not in value, value
    if type(value) is list and len(value) <= 500:
        ok = all(type(v) is str and len(v) <= 200 and "\x00" not in v for v in value)
        return ok, value
    return False, None


@extend_schema_field(
    {
        "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
        "nullable": True,
    }
)
class TypedField(serializers.Field):  # type: ignore[type-arg]
    """What a person typed for an answer: a text, or the keys a multiple choice ticked."""

    def to_internal_value(self, data: Any) -> Any:
        ok, typed = plain_typed(data)
        if not ok:
            raise serializers.ValidationError(
                f"expected a text of at most {MAX_TEXT} characters or a list of option keys"
            )
        return typed

    def to_representation(self, value: Any) -> Any:
        return value


class AnswerInputSerializer(serializers.Serializer[dict[str, Any]]):
    checklist = serializers.CharField(max_length=80)
    item = serializers.CharField(max_length=40)
    value = serializers.JSONField(allow_null=True)
    comment = serializers.CharField(allow_blank=True, required=False, default="", max_length=20_000)
    version = serializers.IntegerField(allow_null=True, required=False, default=None, min_value=1)
    typed = TypedField(required=False, default=None, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("typed") is not None and attrs.get("value") is not None:
            raise serializers.ValidationError({"typed": ["give value or typed, not both"]})
        return attrs


class AnswersUpsertSerializer(serializers.Serializer[dict[str, Any]]):
    answers = serializers.ListField(
        child=AnswerInputSerializer(), allow_empty=False, max_length=5000
    )


def _plain_text(value: Any, limit: int, *, blank: bool) -> str | None:
    """``value`` as ``CharField(max_length=limit, allow_blank=blank)`` would take it, or None
    where that field might say anything else (then the serializer decides)."""
    if type(value) is not str:
        return None
    text = value.strip()
    if len(text) > limit or (not text and not blank) or "\x00" in text:
        return None
    try:
        text.encode("utf-8")  # lone surrogates: the field refuses them
    except UnicodeEncodeError:
        return None
    return text


def plain_answers(data: Any) -> list[dict[str, Any]] | None:
    """The answers of an upsert body when it is plainly well formed, as ``AnswersUpsertSerializer``
    would return them; None for anything else, which then goes through the serializer (its
    field-level errors). Autosave sends one well-formed answer a keystroke pause: this saves it
    building two serializers and their fields on every request."""
    if type(data) is not dict or type(entries := data.get("answers")) is not list:
        return None
    if not 1 <= len(entries) <= 5000:
        return None
    answers = []
    for entry in entries:
        if type(entry) is not dict or "value" not in entry:
            return None
        checklist = _plain_text(entry.get("checklist"), 80, blank=False)
        item = _plain_text(entry.get("item"), 40, blank=False)
        comment = _plain_text(entry.get("comment", ""), 20_000, blank=True)
        version = entry.get("version")
        if checklist is None or item is None or comment is None:
            return None
        if version is not None and (type(version) is not int or version < 1):
            return None
        typed_ok, typed = plain_typed(entry.get("typed"))
        if not typed_ok or (typed is not None and entry["value"] is not None):
            return None
        try:
            drf_json.dumps(entry["value"])  # what JSONField checks: no NaN or infinity either
        except (TypeError, ValueError):
            return None
        answers.append(
            {
                "checklist": checklist,
                "item": item,
                "value": entry["value"],
                "comment": comment,
                "version": version,
                "typed": typed,
            }
        )
    return answers


class ChecklistsField(serializers.JSONField):
    """``"all"`` or a list of checklist slugs."""

    def to_internal_value(self, data: Any) -> Any:
        if data == "all":
            return data
        if isinstance(data, list) and data and all(isinstance(v, str) for v in data):
            return data
        raise serializers.ValidationError('expected "all" or a non-empty list of checklist slugs')


class UpgradeSerializer(serializers.Serializer[dict[str, Any]]):
    checklists = ChecklistsField()
    preview = serializers.CharField(max_length=64)


class UpgradePreviewSerializer(serializers.Serializer[dict[str, Any]]):
    token = serializers.CharField()
    checklists = serializers.ListField(child=serializers.DictField())


class StepSerializer(serializers.Serializer[dict[str, Any]]):
    comment = serializers.CharField(allow_blank=True, required=False, default="", max_length=20_000)


class ApproveSerializer(StepSerializer):
    override_reason = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        max_length=20_000,
        help_text="required when the reliability outcome is fail: why it is approved anyway",
    )


class SubmitSerializer(StepSerializer):
    evaluation_body = serializers.IntegerField(allow_null=True, required=False, default=None)


class VerdictSerializer(serializers.ModelSerializer[ItemVerdict]):
    checklist = serializers.SerializerMethodField()
    item = serializers.CharField(source="item_code")
    evaluator = serializers.CharField(source="evaluator.username", read_only=True)

    class Meta:
        model = ItemVerdict
        fields = ["checklist", "item", "verdict", "remark", "revision", "evaluator", "updated_at"]
        read_only_fields = fields

    def get_checklist(self, verdict: ItemVerdict) -> str:
        labels: dict[int, str] = self.context.get("labels", {})
        return labels.get(verdict.checklist_version_id, "")


class VerdictInputSerializer(serializers.Serializer[dict[str, Any]]):
    checklist = serializers.CharField(max_length=80)
    item = serializers.CharField(max_length=40)
    verdict = serializers.ChoiceField(choices=VerdictChoice.values)
    remark = serializers.CharField(allow_blank=True, required=False, default="", max_length=20_000)


class VerdictsSetSerializer(serializers.Serializer[dict[str, Any]]):
    verdicts = serializers.ListField(
        child=VerdictInputSerializer(), allow_empty=False, max_length=5000
    )


class RatingSerializer(serializers.ModelSerializer[CriterionRating]):
    evaluator = serializers.CharField(source="evaluator.username", read_only=True)

    class Meta:
        model = CriterionRating
        fields = [
            "criterion",
            "state",
            "rating",
            "value",
            "source",
            "rationale",
            "evaluator",
            "updated_at",
        ]
        read_only_fields = fields


class RatingInputSerializer(serializers.Serializer[dict[str, Any]]):
    """A level 0-4 (``rating``), or for a measured criterion its ``value`` (the level is
    computed); ``state`` not_applicable / not_evaluated with no level. ``rating: null`` without a
    state still means not applicable, as it always did."""

    criterion = serializers.CharField(max_length=40)
    rating = serializers.IntegerField(allow_null=True, min_value=0, max_value=4, required=False)
    state = serializers.ChoiceField(choices=CriterionState.choices, required=False)
    value = serializers.FloatField(allow_null=True, required=False)
    source = serializers.CharField(allow_blank=True, required=False, default="", max_length=2000)  # type: ignore[assignment]
    rationale = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=20_000
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "rating" not in attrs and "value" not in attrs and "state" not in attrs:
            # As before measured criteria and states: a rating is required unless one is given.
            raise serializers.ValidationError(
                {"rating": [self.fields["rating"].error_messages["required"]]}
            )
        return attrs


class MeasurementInputSerializer(serializers.Serializer[dict[str, Any]]):
    criterion = serializers.CharField(max_length=40)
    value = serializers.FloatField()
    source = serializers.CharField(allow_blank=True, required=False, default="", max_length=2000)  # type: ignore[assignment]
    rationale = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=20_000
    )


class MeasurementsImportSerializer(serializers.Serializer[dict[str, Any]]):
    """``{"measurements": [{criterion, value, source?, rationale?}]}``: all or nothing."""

    measurements = serializers.ListField(
        child=MeasurementInputSerializer(), allow_empty=False, max_length=500
    )


class EvaluationScopeSerializer(serializers.Serializer[dict[str, Any]]):
    """The scoping step: criteria left out (with a reason) and the TTA requirements in scope."""

    excluded = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, default=list, max_length=500
    )
    tta = serializers.ListField(
        child=serializers.CharField(max_length=2), required=False, default=list, max_length=15
    )
    reason = serializers.CharField(allow_blank=True, required=False, default="", max_length=20_000)
    set = serializers.BooleanField(read_only=True)


class RatingsSetSerializer(serializers.Serializer[dict[str, Any]]):
    ratings = serializers.ListField(
        child=RatingInputSerializer(), allow_empty=False, max_length=500
    )


class EvidenceSerializer(serializers.ModelSerializer[Evidence]):
    checklist = serializers.SerializerMethodField()
    item = serializers.CharField(source="item_code")
    uploaded_by = serializers.CharField(source="uploaded_by.username", read_only=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "checklist",
            "item",
            "name",
            "size",
            "sha256",
            "content_type",
            "uploaded_by",
            "uploaded_at",
        ]
        read_only_fields = fields

    def get_checklist(self, evidence: Evidence) -> str:
        labels: dict[int, str] = self.context.get("labels", {})
        return labels.get(evidence.checklist_version_id, "")


class EvidenceUploadSerializer(serializers.Serializer[dict[str, Any]]):
    file = serializers.FileField(allow_empty_file=False, max_length=255)
    checklist = serializers.CharField(max_length=80)
    item = serializers.CharField(max_length=40)


class EventSerializer(serializers.ModelSerializer[AuditEvent]):
    actor = serializers.CharField(source="actor.username", read_only=True)

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "action",
            "actor",
            "from_status",
            "to_status",
            "comment",
            "data",
            "created_at",
        ]
        read_only_fields = fields


class ScoreSerializer(serializers.Serializer[dict[str, Any]]):
    """Documented shape of the score read-out (DESIGN.md §7)."""

    overall = serializers.FloatField(allow_null=True)
    rating = serializers.CharField(allow_null=True)
    completion = serializers.FloatField()
    answered = serializers.IntegerField()
    required = serializers.IntegerField()  # type: ignore[assignment]
    critical_gaps = serializers.ListField(child=serializers.CharField())
    sections = serializers.ListField(child=serializers.DictField())
    checklists = serializers.ListField(child=serializers.DictField())
    verified = serializers.DictField()
    gaps = serializers.ListField(child=serializers.DictField())
    crosswalk = serializers.ListField(child=serializers.DictField())
    screening = serializers.DictField(allow_null=True)
    evaluation = serializers.DictField(required=False)


class CapabilitiesSerializer(serializers.Serializer[dict[str, Any]]):
    """What the caller may do with one assessment now (``assessments.permissions``)."""

    can_view = serializers.BooleanField()
    can_edit_answers = serializers.BooleanField()
    can_submit = serializers.BooleanField()
    can_withdraw = serializers.BooleanField()
    can_claim = serializers.BooleanField()
    can_review = serializers.BooleanField()
    can_decide = serializers.BooleanField()
    can_assign = serializers.BooleanField()
    can_issue_self_assessment_report = serializers.BooleanField()
    can_issue_evaluation_report = serializers.BooleanField()
    steps = serializers.ListField(child=serializers.CharField())


class MeSerializer(serializers.Serializer[dict[str, Any]]):
    username = serializers.CharField()
    organization = serializers.CharField(allow_null=True)
    role = serializers.CharField(allow_null=True)


class MemberSerializer(serializers.ModelSerializer[Membership]):
    user = serializers.IntegerField(source="user.pk", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)
    email = serializers.CharField(source="user.email", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "username", "email", "role", "created_at"]
        read_only_fields = fields


class RoleSerializer(serializers.Serializer[Any]):
    role = serializers.CharField()


class InvitationSerializer(serializers.ModelSerializer[Invitation]):
    invited_by = serializers.CharField(source="invited_by.username", read_only=True)

    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "invited_by", "sent_at", "created_at"]
        read_only_fields = fields


class InviteSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField(max_length=254)
    role = serializers.CharField()


class AssignSerializer(serializers.Serializer[Any]):
    assignee = serializers.IntegerField(
        allow_null=True,
        help_text="a user id of an evaluator or lead of the body; null takes it back",
    )

"""Assessments API (DESIGN.md §7). Views are thin: scope, parse, call one service, render.

Scoping happens in one place: every object comes from ``Assessment.objects.visible_to(user)`` or
``systems_visible_to(user)``; anything outside is 404. A visible object the user may not change is
403, decided by the service.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from assessments import scoring, selectors, services, twofactor
from assessments.api import serializers as s
from assessments.downloads import evidence_file_response
from assessments.filtersets import AssessmentFilterSet
from assessments.models import (
    AISystem,
    Answer,
    Assessment,
    AssessmentChecklist,
    AuditEvent,
    CriterionRating,
    Evidence,
    ItemVerdict,
    Organization,
)
from assessments.permissions import capabilities
from assessments.readouts import figures_seen_by
from assessments.upgrades import preview_payload, upgrade_preview
from checklists.models import ChecklistVersion
from core.exceptions import ApplicationError


class LargePages(PageNumberPagination):
    """Answers and events come in large pages: a whole checklist fits in one."""

    page_size = 500
    page_size_query_param = "page_size"
    max_page_size = 2000


def _labels(assessment: Assessment) -> dict[int, str]:
    return {
        link.version_id: f"{link.version.checklist.slug}@{link.version.version}"
        for link in AssessmentChecklist.objects.filter(assessment=assessment).select_related(
            "version__checklist"
        )
    } | _answered_labels(assessment)


def _answered_labels(assessment: Assessment) -> dict[int, str]:
    # Answers kept for a checklist that no longer applies still name their checklist.
    ids = Answer.objects.filter(assessment=assessment).values("checklist_version_id").distinct()
    return {
        v.pk: v.label
        for v in ChecklistVersion.objects.filter(pk__in=ids).select_related("checklist")
    }


def _with_referred(assessment: Assessment, rows: Any) -> Any:
    """The answers list with each ``same_as`` item answered elsewhere in the assessment shown as
    the owner's answer, marked ``answered_in`` (a value stored on it earlier does not count).
    One query (the applicable checklists) when nothing is referred."""
    applied = selectors.applied_checklists(assessment)
    referred = scoring.referrals(entry.document for entry in applied)
    if not referred:
        return rows
    version_of = {entry.document.slug: entry.version.pk for entry in applied}
    rows = list(rows)
    by_key = {(row.checklist_version_id, row.item_code): row for row in rows}
    keys = {
        (version_of[slug], code): owner
        for slug, mine in referred.items()
        for code, owner in mine.items()
    }
    result = [row for row in rows if (row.checklist_version_id, row.item_code) not in keys]
    for (version_id, code), owner in keys.items():
        source = by_key.get((version_of[owner.checklist], owner.item))
        virtual = Answer(
            assessment=assessment,
            checklist_version_id=version_id,
            item_code=code,
            value=source.value if source is not None else None,
            version=None,  # type: ignore[misc]
        )
        if source is not None:
            virtual.updated_by, virtual.updated_at = source.updated_by, source.updated_at
        virtual.answered_in = {  # type: ignore[attr-defined]
            "checklist": owner.checklist,
            "section": owner.section,
            "item": owner.item,
        }
        result.append(virtual)
    return result


class EvaluationBodyViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Organization]):
    """The evaluation bodies a company may submit to."""

    serializer_class = s.OrganizationSerializer

    def get_queryset(self) -> QuerySet[Organization]:
        return selectors.evaluation_bodies()


class SystemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[AISystem],
):
    """AI systems of the user's company."""

    serializer_class = s.SystemSerializer
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[AISystem]:
        return selectors.systems_visible_to(self.request.user).order_by("name", "pk")

    def perform_create(self, serializer: s.SystemSerializer) -> None:  # type: ignore[override]
        serializer.instance = services.system_create(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer: s.SystemSerializer) -> None:  # type: ignore[override]
        assert serializer.instance is not None
        serializer.instance = services.system_update(
            actor=self.request.user, system=serializer.instance, **serializer.validated_data
        )


LARGE_PAGE_ACTIONS = frozenset({"answers", "verdicts", "evaluation", "evidence", "events"})


class AssessmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Assessment]
):
    serializer_class = s.AssessmentSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = AssessmentFilterSet
    lookup_value_regex = r"\d+"  # "/assessments/abc/" is a 404 from the URL, not a 500 from int()

    @property
    def pagination_class(self) -> type[PageNumberPagination] | None:  # type: ignore[override]
        """Pages for reads only: a write's reply (a POST to answers) is never paginated, and the
        OpenAPI schema, which asks this per method, documents exactly that."""
        request = getattr(self, "request", None)
        if request is not None and request.method not in ("GET", "HEAD"):
            return None
        return (
            LargePages
            if getattr(self, "action", None) in LARGE_PAGE_ACTIONS
            else PageNumberPagination
        )

    def get_queryset(self) -> QuerySet[Assessment]:
        return (
            selectors.assessments_visible_to(self.request.user)
            .prefetch_related(
                Prefetch(
                    "applicable",
                    queryset=AssessmentChecklist.objects.select_related("version__checklist"),
                )
            )
            .order_by("-created_at", "-pk")
        )

    def filter_queryset(  # type: ignore[override]
        self, queryset: QuerySet[Assessment]
    ) -> QuerySet[Assessment]:
        """The filters narrow the list only: an object's own URL answers whatever the query."""
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def _assessment(self) -> Assessment:
        return get_object_or_404(
            selectors.assessments_visible_to(self.request.user), pk=self.kwargs["pk"]
        )

    def _paged(
        self, queryset: Any, serializer_class: Any, context: dict[str, Any] | None = None
    ) -> Response:
        page = self.paginate_queryset(queryset)
        serializer = serializer_class(page, many=True, context=context or {})
        return self.get_paginated_response(serializer.data)

    def _render(self, assessment: Assessment, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=assessment.pk)
        return Response(s.AssessmentSerializer(fresh).data, status=code)

    @extend_schema(request=s.AssessmentCreateSerializer, responses={201: s.AssessmentSerializer})
    def create(self, request: Request) -> Response:
        data = s.AssessmentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        system = (
            selectors.systems_visible_to(request.user)
            .filter(pk=data.validated_data["system"])
            .first()
        )
        if system is None:
            raise ApplicationError(
                "There is no AI system with that id.",
                extra={"fields": {"system": ["unknown system"]}},
            )
        assessment = services.assessment_create(actor=request.user, system=system)
        return self._render(assessment, status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses={200: s.AnswerSerializer(many=True)})
    @extend_schema(
        methods=["POST"],
        request=s.AnswersUpsertSerializer,
        responses={200: s.AnswerSerializer(many=True)},
        description="Bulk upsert, all or nothing. The reply lists the answers exactly as this "
        "request left them (not paginated).",
    )
    @action(detail=True, methods=["get", "post"])
    def answers(self, request: Request, pk: str) -> Response:
        if request.method == "POST":
            # The hot path of autosave: the service's locking read is also the scoped lookup
            # (404 outside the caller's scope), so the assessment is read once, not three times.
            try:
                entries = s.plain_answers(request.data)
            except ParseError:
                self._assessment()
                raise
            if entries is None:
                data = s.AnswersUpsertSerializer(data=request.data)
                if not data.is_valid():
                    self._assessment()  # outside the scope, a 404 comes before any 400
                    raise ValidationError(data.errors)
                entries = data.validated_data["answers"]
            saved = services.answers_upsert(
                actor=request.user,
                assessment=int(pk),
                answers=[services.AnswerInput(**entry) for entry in entries],
            )
            # Serialize the objects this request wrote: re-reading them after the commit could
            # return a later writer's value and version, and an autosave client taking that
            # version would then overwrite an edit it never saw.
            return Response(s.AnswerSerializer(saved, many=True).data)
        assessment = self._assessment()
        queryset: Any
        if selectors.sees_submitted_revision(request.user, assessment):
            # The evaluation body reads what was submitted, not the company's edits in progress.
            submitted = selectors.answers_as_submitted(assessment)
            queryset = sorted(
                (a for rows in submitted.values() for a in rows.values()),
                key=lambda a: (a.pk is None, a.pk or 0, a.item_code),
            )
        else:
            queryset = (
                selectors.current_answers(assessment).select_related("updated_by").order_by("pk")
            )
        return self._paged(
            _with_referred(assessment, queryset),
            s.AnswerSerializer,
            {"labels": _labels(assessment)},
        )

    @extend_schema(responses={200: s.ScoreSerializer})
    @action(detail=True, methods=["get"])
    def score(self, request: Request, pk: str) -> Response:
        return Response(figures_seen_by(request.user, self._assessment()))

    @extend_schema(responses={200: s.CapabilitiesSerializer})
    @action(detail=True, methods=["get"])
    def capabilities(self, request: Request, pk: str) -> Response:
        """What the caller may do with the assessment now: the same answers the services and the
        pages use (``assessments.permissions``), so a client shows only the buttons that work."""
        return Response(capabilities(request.user, self._assessment()).as_dict())

    def _step(
        self, request: Request, service: Any, serializer_class: type = s.StepSerializer
    ) -> Response:
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        assessment = service(
            actor=request.user, assessment=self._assessment(), **data.validated_data
        )
        return self._render(assessment)

    @extend_schema(request=s.SubmitSerializer, responses={200: s.AssessmentSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._step(request, services.assessment_submit, s.SubmitSerializer)

    @extend_schema(request=s.StepSerializer, responses={200: s.AssessmentSerializer})
    @action(detail=True, methods=["post"])
    def claim(self, request: Request, pk: str) -> Response:
        twofactor.api_require(request)
        return self._step(request, services.assessment_claim)

    @extend_schema(request=s.StepSerializer, responses={200: s.AssessmentSerializer})
    @action(detail=True, methods=["post"], url_path="request-changes")
    def request_changes(self, request: Request, pk: str) -> Response:
        twofactor.api_require(request)
        return self._step(request, services.assessment_request_changes)

    @extend_schema(request=s.ApproveSerializer, responses={200: s.AssessmentSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        twofactor.api_require(request)
        return self._step(request, services.assessment_approve, s.ApproveSerializer)

    @extend_schema(request=s.StepSerializer, responses={200: s.AssessmentSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        twofactor.api_require(request)
        return self._step(request, services.assessment_reject)

    @extend_schema(request=s.AssignSerializer, responses={200: s.AssessmentSerializer})
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str) -> Response:
        """A lead gives the assessment to an evaluator of the body (``assignee: null`` takes it
        back)."""
        from django.contrib.auth import get_user_model

        data = s.AssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignee = None
        if data.validated_data["assignee"] is not None:
            assignee = get_user_model().objects.filter(pk=data.validated_data["assignee"]).first()
            if assignee is None:
                raise ApplicationError(
                    "There is no user with that id.",
                    extra={"fields": {"assignee": ["unknown user"]}},
                )
        assessment = services.assessment_assign(
            actor=request.user, assessment=self._assessment(), assignee=assignee
        )
        return self._render(assessment)

    @extend_schema(request=s.StepSerializer, responses={200: s.AssessmentSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        return self._step(request, services.assessment_withdraw)

    @extend_schema(methods=["GET"], responses={200: s.UpgradePreviewSerializer})
    @extend_schema(
        methods=["POST"],
        request=s.UpgradeSerializer,
        responses={200: s.AssessmentSerializer},
        description="Move the chosen checklists to their newest versions; `preview` is the "
        "token of the preview shown (stale: 409 with the current token).",
    )
    @action(detail=True, methods=["get", "post"])
    def upgrade(self, request: Request, pk: str) -> Response:
        assessment = self._assessment()
        if request.method == "POST":
            data = s.UpgradeSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            services.assessment_upgrade(
                actor=request.user, assessment=assessment, **data.validated_data
            )
            return self._render(assessment)
        if not selectors.is_company_member(request.user, assessment):
            # The preview shows the live answers, which the evaluation body does not read.
            raise services.PermissionRefused(
                _("Only the company's members can see what an upgrade would do.")
            )
        return Response(preview_payload(upgrade_preview(assessment)))

    @extend_schema(request=None, responses={201: s.AssessmentSerializer})
    @action(detail=True, methods=["post"])
    def reassess(self, request: Request, pk: str) -> Response:
        fresh = services.assessment_reassess(actor=request.user, assessment=self._assessment())
        return self._render(fresh, status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses={200: s.VerdictSerializer(many=True)})
    @extend_schema(
        methods=["POST"],
        request=PolymorphicProxySerializer(
            component_name="VerdictsWrite",
            serializers=[s.VerdictInputSerializer, s.VerdictsSetSerializer],
            resource_type_field_name=None,
        ),
        responses={201: s.VerdictSerializer, 200: s.VerdictSerializer(many=True)},
        description="One verdict (201), or `{verdicts: [...]}`, all or nothing (200, the "
        "verdicts as this request left them).",
    )
    @action(detail=True, methods=["get", "post"])
    def verdicts(self, request: Request, pk: str) -> Response:
        if request.method == "POST":
            twofactor.api_require(request)
        assessment = self._assessment()
        labels = _labels(assessment)
        if request.method == "POST":
            if isinstance(request.data, dict) and "verdicts" in request.data:
                batch = s.VerdictsSetSerializer(data=request.data)
                batch.is_valid(raise_exception=True)
                saved = services.verdicts_set(
                    actor=request.user,
                    assessment=assessment,
                    verdicts=[
                        services.VerdictInput(**entry) for entry in batch.validated_data["verdicts"]
                    ],
                )
                return Response(
                    s.VerdictSerializer(saved, many=True, context={"labels": labels}).data
                )
            data = s.VerdictInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            verdict = services.verdict_set(
                actor=request.user, assessment=assessment, **data.validated_data
            )
            return Response(
                s.VerdictSerializer(verdict, context={"labels": labels}).data, status=201
            )
        queryset = (
            ItemVerdict.objects.filter(assessment=assessment)
            .select_related("evaluator")
            .order_by("pk")
        )
        return self._paged(queryset, s.VerdictSerializer, {"labels": labels})

    @extend_schema(methods=["GET"], responses={200: s.RatingSerializer(many=True)})
    @extend_schema(
        methods=["POST"],
        request=PolymorphicProxySerializer(
            component_name="RatingsWrite",
            serializers=[s.RatingInputSerializer, s.RatingsSetSerializer],
            resource_type_field_name=None,
        ),
        responses={201: s.RatingSerializer, 200: s.RatingSerializer(many=True)},
        description="One rating (201), `{ratings: [...]}` or a measurement import "
        '`{"measurements": [{"criterion", "value", "source"}]}`, all or nothing (200, the '
        "ratings as this request left them). A measured criterion takes `value` (its level is "
        "computed from the rubric's cut points); `state` not_applicable or not_evaluated takes "
        "no level.",
    )
    @action(detail=True, methods=["get", "post"])
    def evaluation(self, request: Request, pk: str) -> Response:
        if request.method == "POST":
            twofactor.api_require(request)
        assessment = self._assessment()
        if (
            request.method == "POST"
            and isinstance(request.data, dict)
            and "measurements" in request.data
        ):
            imported = s.MeasurementsImportSerializer(data=request.data)
            imported.is_valid(raise_exception=True)
            saved = services.measurements_import(
                actor=request.user, assessment=assessment, data=imported.validated_data
            )
            return Response(s.RatingSerializer(saved, many=True).data)
        if request.method == "POST":
            if isinstance(request.data, dict) and "ratings" in request.data:
                batch = s.RatingsSetSerializer(data=request.data)
                batch.is_valid(raise_exception=True)
                saved = services.ratings_set(
                    actor=request.user,
                    assessment=assessment,
                    ratings=[
                        services.RatingInput(**entry) for entry in batch.validated_data["ratings"]
                    ],
                )
                return Response(s.RatingSerializer(saved, many=True).data)
            data = s.RatingInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            rating = services.rating_set(
                actor=request.user, assessment=assessment, **data.validated_data
            )
            return Response(s.RatingSerializer(rating).data, status=201)
        queryset = (
            CriterionRating.objects.filter(assessment=assessment)
            .select_related("evaluator")
            .order_by("pk")
        )
        return self._paged(queryset, s.RatingSerializer)

    @extend_schema(
        methods=["POST"],
        request=s.EvaluationScopeSerializer,
        responses={200: s.EvaluationScopeSerializer},
        description="The scoping step before rating (rubrics from 2.0 on need it): the criteria "
        "left out, with a reason, and the TTA requirements in scope.",
    )
    @extend_schema(methods=["GET"], responses={200: s.EvaluationScopeSerializer})
    @action(detail=True, methods=["get", "post"], url_path="evaluation/scope")
    def evaluation_scope(self, request: Request, pk: str) -> Response:
        if request.method == "POST":
            twofactor.api_require(request)
        assessment = self._assessment()
        if request.method == "POST":
            data = s.EvaluationScopeSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            scope = services.evaluation_scope_set(
                actor=request.user, assessment=assessment, **data.validated_data
            )
            return Response(s.EvaluationScopeSerializer(scope).data)
        scope = assessment.evaluation_scope or {}
        return Response(
            s.EvaluationScopeSerializer(
                {
                    "excluded": scope.get("excluded", []),
                    "tta": scope.get("tta", []),
                    "reason": scope.get("reason", ""),
                    "set": bool(scope.get("set")),
                }
            ).data
        )

    @extend_schema(
        request={"multipart/form-data": s.EvidenceUploadSerializer},
        responses={201: s.EvidenceSerializer, 200: s.EvidenceSerializer(many=True)},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser],
    )
    def evidence(self, request: Request, pk: str) -> Response:
        assessment = self._assessment()
        if request.method == "POST":
            data = s.EvidenceUploadSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            evidence = services.evidence_upload(
                actor=request.user,
                assessment=assessment,
                checklist=data.validated_data["checklist"],
                item=data.validated_data["item"],
                upload=data.validated_data["file"],
            )
            return Response(
                s.EvidenceSerializer(evidence, context={"labels": _labels(assessment)}).data,
                status=201,
            )
        queryset = (
            selectors.evidence_seen_by(request.user, assessment)
            .select_related("uploaded_by")
            .order_by("pk")
        )
        return self._paged(queryset, s.EvidenceSerializer, {"labels": _labels(assessment)})

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"evidence/(?P<evidence_id>\d+)")
    def evidence_delete(self, request: Request, pk: str, evidence_id: str) -> Response:
        """Delete a file attached by mistake, while the assessment is editable (audited)."""
        assessment = self._assessment()
        evidence = get_object_or_404(Evidence, assessment=assessment, pk=evidence_id)
        services.evidence_delete(actor=request.user, assessment=assessment, evidence=evidence)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiResponse(description="the file")}
    )
    @action(detail=True, methods=["get"], url_path=r"evidence/(?P<evidence_id>\d+)/download")
    def evidence_download(self, request: Request, pk: str, evidence_id: str) -> FileResponse:
        return evidence_file_response(request.user, self._assessment(), evidence_id)

    @extend_schema(responses={200: s.EventSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def events(self, request: Request, pk: str) -> Response:
        assessment = self._assessment()
        queryset = (
            AuditEvent.objects.filter(assessment=assessment)
            .select_related("actor")
            .order_by("created_at", "pk")
        )
        return self._paged(queryset, s.EventSerializer)

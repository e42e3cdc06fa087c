"""Remediation API: ``/api/v1/assessments/{id}/actions/``. Views are thin: scope (404 outside
``Assessment.objects.visible_to``), parse, call one service, render."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action as route
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from assessments import selectors as assessment_selectors
from assessments import twofactor
from assessments.models import Assessment
from remediation import selectors, services
from remediation.api import serializers as s
from remediation.models import Action


class PlanPages(PageNumberPagination):
    """A whole plan usually fits in one page; ``?page_size=`` up to 1,000."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


def _refs(items: list[dict[str, str]]) -> list[services.ItemRef]:
    return [services.ItemRef(checklist=i["checklist"], item=i["item"]) for i in items]


class ActionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Action]
):
    """The remediation plan seen from one assessment: its own actions and the system's open
    ones carried from earlier assessments. Company owners and members write; viewers and the
    evaluation body holding the assessment read."""

    serializer_class = s.ActionSerializer
    pagination_class = PlanPages
    lookup_value_regex = r"\d+"

    def _assessment(self) -> Assessment:
        return get_object_or_404(
            assessment_selectors.assessments_visible_to(self.request.user),
            pk=self.kwargs["assessment_pk"],
        )

    def get_queryset(self) -> QuerySet[Action]:
        return selectors.plan_queryset(self._assessment()).order_by("due_date", "pk")

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    def _render(self, action: Action, code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.plan_queryset(action.raised_in).get(pk=action.pk)
        return Response(s.ActionSerializer(fresh, context=self.get_serializer_context()).data, code)

    @extend_schema(request=s.ActionCreateSerializer, responses={201: s.ActionSerializer})
    def create(self, request: Request, assessment_pk: str) -> Response:
        assessment = self._assessment()
        data = s.ActionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        created = services.action_create(
            actor=request.user,
            assessment=assessment,
            items=_refs(values.pop("items")),
            **values,
        )
        return self._render(created, status.HTTP_201_CREATED)

    @extend_schema(request=s.ActionUpdateSerializer, responses={200: s.ActionSerializer})
    def partial_update(self, request: Request, assessment_pk: str, pk: str) -> Response:
        found = self.get_object()
        data = s.ActionUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        items = values.pop("items", None)
        updated = services.action_update(
            actor=request.user,
            action=found,
            items=_refs(items) if items is not None else None,
            **values,
        )
        return self._render(updated)

    @extend_schema(request=s.ActionStatusSerializer, responses={200: s.ActionSerializer})
    @route(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, assessment_pk: str, pk: str) -> Response:
        found = self.get_object()
        data = s.ActionStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changed = services.action_set_status(
            actor=request.user, action=found, **data.validated_data
        )
        return self._render(changed)

    @extend_schema(
        request=s.PlanAcceptSerializer, responses={200: s.PlanAcceptanceSerializer, 204: None}
    )
    @route(detail=False, methods=["get", "post"])
    def acceptance(self, request: Request, assessment_pk: str) -> Response:
        """GET the evaluator's acceptance of the plan (404 when none); POST records it."""
        assessment = self._assessment()
        if request.method == "GET":
            found = selectors.acceptance_of(assessment)
            if found is None:
                return Response(status=status.HTTP_404_NOT_FOUND)
            return Response(s.PlanAcceptanceSerializer(found).data)
        twofactor.api_require(request)
        data = s.PlanAcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        accepted = services.plan_accept(
            actor=request.user, assessment=assessment, **data.validated_data
        )
        if accepted is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(s.PlanAcceptanceSerializer(selectors.acceptance_of(assessment)).data)

"""``GET /api/v1/register/``: the register of the caller's company, filtered and sorted by the
same ``RegisterFilterSet`` as the page. Evaluation bodies' people and users without a company
get an empty list; another company asked for by ``?organization=`` is 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from assessments.models import AISystem
from portfolio.api.serializers import RegisterRowSerializer
from portfolio.filtersets import RegisterFilterSet
from portfolio.register import register_for
from portfolio.selectors import organisation_for


class RegisterPages(PageNumberPagination):
    """A hundred systems a page; a whole register (up to a thousand) with ``?page_size=``."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


class RegisterView(generics.GenericAPIView[AISystem]):
    serializer_class = RegisterRowSerializer  # type: ignore[assignment]
    # For the schema: the filter set's parameters are documented from here. Filtering itself is
    # done by ``register_for``, which hands the filter set the register's rows.
    filter_backends = [DjangoFilterBackend]
    filterset_class = RegisterFilterSet
    queryset = AISystem.objects.none()
    pagination_class = RegisterPages

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "organization",
                OpenApiTypes.INT,
                description="a company of the caller (default: their first)",
            )
        ],
        responses=RegisterRowSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        raw = request.query_params.get("organization")
        if raw is not None and (not raw.isdigit() or len(raw) > 18):
            raise ValidationError({"organization": ["A valid integer is required."]})
        organisation_id = int(raw) if raw is not None else None
        try:
            organisation_for(request.user, organisation_id)
        except Http404:
            if organisation_id is not None:
                raise NotFound from None
            return self.get_paginated_response(self.paginate_queryset([]) or [])
        register = register_for(request.user, request.query_params, organisation_id=organisation_id)
        if not register.valid:
            raise ValidationError(register.filterset.errors)
        page: Any = self.paginate_queryset(register.rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

"""The team API: an organisation's members and invitations, and who the caller is (``me/``).

Scoped like the rest of the API: an organisation the caller is no member of is 404; what a
member may change is decided by the team services.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments import services
from assessments.api import serializers as s
from assessments.models import Invitation, Membership, Organization
from assessments.services.team import may_manage


def _organization(request: Request, pk: str) -> Organization:
    """An organisation the caller is a member of; 404 otherwise."""
    return get_object_or_404(
        Organization.objects.filter(memberships__user_id=request.user.pk or 0), pk=pk
    )


class MemberViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Membership]
):
    """An organisation's members. Every member lists them; its owners (a company) or leads (an
    evaluation body) change a role (``PATCH {role}``) or remove a member (``DELETE``)."""

    serializer_class = s.MemberSerializer
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Membership]:
        organization = _organization(self.request, self.kwargs["organization_pk"])
        return (
            Membership.objects.filter(organization=organization)
            .select_related("user", "organization")
            .order_by("user__username", "pk")
        )

    @extend_schema(request=s.RoleSerializer, responses={200: s.MemberSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = s.RoleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.membership_role_change(
            actor=request.user, membership=self.get_object(), role=data.validated_data["role"]
        )
        return Response(s.MemberSerializer(membership).data)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.membership_remove(actor=request.user, membership=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Invitation]):
    """Open invitations of an organisation: its owners (leads) list, send, resend and revoke
    them; the link in the mail is accepted on the page it leads to."""

    serializer_class = s.InvitationSerializer
    lookup_value_regex = r"\d+"

    def _managed(self) -> Organization:
        organization = _organization(self.request, self.kwargs["organization_pk"])
        if not may_manage(self.request.user, organization):
            raise PermissionDenied(
                "Only the organisation's owners (leads of an evaluation body) see its invitations."
            )
        return organization

    def get_queryset(self) -> QuerySet[Invitation]:
        return (
            Invitation.objects.filter(
                organization=self._managed(), accepted_at=None, revoked_at=None
            )
            .select_related("invited_by", "organization")
            .order_by("-sent_at", "-pk")
        )

    def _base_url(self) -> str:
        return self.request.build_absolute_uri("/")

    @extend_schema(request=s.InviteSerializer, responses={201: s.InvitationSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        organization = _organization(request, self.kwargs["organization_pk"])
        data = s.InviteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = services.membership_invite(
            actor=request.user,
            organization=organization,
            base_url=self._base_url(),
            **data.validated_data,
        )
        return Response(s.InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: s.InvitationSerializer})
    @action(detail=True, methods=["post"])
    def resend(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        invitation = services.invitation_resend(
            actor=request.user, invitation=self.get_object(), base_url=self._base_url()
        )
        return Response(s.InvitationSerializer(invitation).data)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.invitation_revoke(actor=request.user, invitation=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    """Who the caller is: user name, organisation and role (the lightest authenticated read)."""

    @extend_schema(responses={200: s.MeSerializer})
    def get(self, request: Request) -> Response:
        membership = (
            Membership.objects.filter(user_id=request.user.pk or 0)
            .select_related("organization")
            .order_by("pk")
            .first()
        )
        return Response(
            s.MeSerializer(
                {
                    "username": request.user.get_username(),
                    "organization": membership.organization.name if membership else None,
                    "role": membership.role if membership else None,
                }
            ).data
        )

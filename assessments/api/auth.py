"""API sign-in and the caller's own tokens (django-rest-knox).

- ``POST /api/v1/auth/token/`` ``{username, password}`` → ``{token, expiry}``, with the shared
  sign-in lockout (in the authentication backend; a refusal is 429 here).
- ``GET /api/v1/auth/tokens/``: the caller's working tokens (public id, created, expiry, current).
- ``DELETE /api/v1/auth/tokens/{id}/``: revoke one; ``POST /api/v1/auth/tokens/revoke-all/``: all.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, generics, serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments import lockout
from assessments.services import tokens


class IssuedTokenSerializer(serializers.Serializer[Any]):
    token = serializers.CharField()
    expiry = serializers.DateTimeField()


class TokenSerializer(serializers.Serializer[Any]):
    id = serializers.SerializerMethodField()
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField()
    current = serializers.SerializerMethodField()

    def get_id(self, token: Any) -> str:
        return tokens.token_id(token)

    def get_current(self, token: Any) -> bool:
        return bool(token.pk == getattr(self.context["request"].auth, "pk", None))


class TokenView(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(request=AuthTokenSerializer, responses={200: IssuedTokenSerializer})
    def post(self, request: Request) -> Response:
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        try:
            serializer.is_valid(raise_exception=True)
        except exceptions.ValidationError:
            if getattr(request, lockout.LOCKED_ATTRIBUTE, False):
                return Response(
                    {"message": _("Too many failed sign-ins. Try again later."), "extra": {}},
                    status=status.HTTP_429_TOO_MANY_REQUESTS,
                )
            raise
        instance, secret = tokens.token_issue(actor=serializer.validated_data["user"])
        return Response(IssuedTokenSerializer({"token": secret, "expiry": instance.expiry}).data)


class TokenListView(generics.ListAPIView[Any]):
    serializer_class = TokenSerializer

    def get_queryset(self) -> Any:
        return tokens.tokens_of(self.request.user)


class TokenDetailView(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request: Request, token: str) -> Response:
        if not tokens.token_revoke(actor=request.user, token=token):
            raise exceptions.NotFound()
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenRevokeAllView(APIView):
    @extend_schema(
        request=None,
        responses={
            200: inline_serializer("RevokedTokens", {"revoked": serializers.IntegerField()})
        },
    )
    def post(self, request: Request) -> Response:
        return Response({"revoked": tokens.tokens_revoke_all(actor=request.user)})

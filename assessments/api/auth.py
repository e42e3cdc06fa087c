"""API sign-in and the caller's own tokens (django-rest-knox).

- ``POST /api/v1/auth/token/`` ``{username, password, otp}`` → ``{token, expiry}``, with the shared
  sign-in lockout (in the authentication backend; a refusal is 429 here). ``otp``, a current
  code of the user's authenticator, is needed by accounts with two-factor sign-in (required for
  evaluators, leads and staff); a token issued with one counts as verified (``VerifiedToken``).
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

from assessments import lockout, twofactor
from assessments.services import tokens
from core.exceptions import ApplicationError


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


class TokenRequestSerializer(AuthTokenSerializer):
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=16,
        help_text="a current code of the authenticator: needed when the account uses two-factor "
        "sign-in (always for evaluators, leads and staff)",
    )


class TokenView(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(request=TokenRequestSerializer, responses={200: IssuedTokenSerializer})
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        try:
            serializer.is_valid(raise_exception=True)
        except exceptions.ValidationError:
            if getattr(request, lockout.LOCKED_ATTRIBUTE, False):
                return Response(
                    {"message": _("Too many failed sign-ins. Try again later."), "extra": {}},
                    status=status.HTTP_429_TOO_MANY_REQUESTS,
                )
            raise
        user = serializer.validated_data["user"]
        code = serializer.validated_data.get("otp", "")
        device = twofactor.totp_device(user)
        if device is None and twofactor.is_required(user):
            raise exceptions.PermissionDenied(
                _(
                    "This account must use two-factor sign-in: set up an authenticator on the "
                    "two-factor page first."
                )
            )
        if device is not None:
            if not code:
                raise ApplicationError(
                    _("This account uses two-factor sign-in: send a current code as otp."),
                    extra={"fields": {"otp": [_("This field is required.")]}},
                )
            if not tokens.totp_check(device=device, code=code):
                raise ApplicationError(
                    _("The code is not valid (or was already used)."),
                    extra={"fields": {"otp": [_("not valid, or already used")]}},
                )
        instance, secret = tokens.token_issue(actor=user, verified=device is not None)
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

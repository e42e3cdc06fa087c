"""Sign in (with the second factor when the user has one) and out, password change and reset,
two-factor enrolment, the sessions page, and the language switch remembered per user."""

from __future__ import annotations

import base64
import time
from typing import Any
from urllib.parse import urlsplit

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.admin import OTPAdminAuthenticationForm
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments import lockout, twofactor
from assessments.models import UserPreference
from assessments.services import sessions, tokens
from assessments.views.common import safe_next
from core.clientaddress import client_address

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _remember(response: HttpResponse, language: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


class LockoutMessageMixin:
    """Says "too many failed sign-ins" when the lockout (in the authentication backend, shared
    by every sign-in path) refused the attempt, instead of "wrong user name or password"."""

    request: HttpRequest | None

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()  # type: ignore[misc, no-any-return]
        except ValidationError:
            if getattr(self.request, lockout.LOCKED_ATTRIBUTE, False):
                raise ValidationError(
                    _("Too many failed sign-ins. Try again later."), code="locked"
                ) from None
            raise


class LockoutAuthenticationForm(LockoutMessageMixin, AuthenticationForm):
    """The sign-in page's form."""

    # Our own words: Django's message pastes the field's name into a Korean particle
    # ("사용자 이름와(과) 비밀번호를…"), which reads as a machine's.
    error_messages = {
        "invalid_login": gettext_lazy(
            "The user name or password is not correct. Both are case-sensitive."
        ),
        "inactive": gettext_lazy("This account is disabled. Ask your administrator."),
    }


class LockoutOTPAdminAuthenticationForm(LockoutMessageMixin, OTPAdminAuthenticationForm):  # type: ignore[misc]
    """The Django admin's sign-in form (``admin.site.login_form``): password through the lockout,
    then the second factor (django-otp's ``OTPAdminSite`` admits verified staff only)."""


def _with_language(response: HttpResponse, user: Any) -> HttpResponse:
    preference = UserPreference.objects.filter(user=user).first()
    if preference is not None:
        translation.activate(preference.language)
        return _remember(response, preference.language)
    return response


# The password step's result while the code is asked for: who, which backend, until when.
PENDING_KEY = "trustcheck_pending_second_factor"
PENDING_SECONDS = 300


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True
    authentication_form = LockoutAuthenticationForm

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if twofactor.has_device(user):
            # The password was right; the session is signed in only after the code.
            self.request.session[PENDING_KEY] = {
                "user": user.pk,
                "backend": user.backend,
                "until": time.time() + PENDING_SECONDS,
                "next": self.get_success_url(),
            }
            return redirect("login-code")
        return _with_language(super().form_valid(form), user)


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=32, strip=True)


def _device_matching(user: Any, code: str) -> tuple[Any, str]:
    """The user's device that accepts ``code`` (TOTP, or a recovery code, used up by this) and
    no error; or None and what to tell the user. django-otp refuses a TOTP code already used
    (``last_t``) and holds a device for a while after wrong codes (1 s, doubling each time)."""
    code = code.replace(" ", "").replace("-", "")
    with transaction.atomic():
        devices: list[Any] = list(TOTPDevice.objects.filter(user_id=user.pk, confirmed=True))
        devices += list(StaticDevice.objects.filter(user_id=user.pk, confirmed=True))
        held = all(not device.verify_is_allowed()[0] for device in devices)
        for device in devices:
            if device.verify_token(code):
                return device, ""
    if held:
        return None, _("Too many wrong codes: wait a few seconds, then type the code again.")
    return None, _("This code is not valid (or was already used). Try the code your app shows now.")


def login_code(request: HttpRequest) -> HttpResponse:
    """The sign-in's second step: a code from the authenticator, or one recovery code."""
    pending: dict[str, Any] = request.session.get(PENDING_KEY) or {}
    user = None
    if pending and pending.get("until", 0) > time.time():
        user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        request.session.pop(PENDING_KEY, None)
        messages.error(request, _("Sign in again: the code step has expired."))
        return redirect("login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, error = _device_matching(user, form.cleaned_data["code"])
        if device is None:
            form.add_error("code", error)
        else:
            del request.session[PENDING_KEY]
            auth_login(request, user, backend=pending["backend"])
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    _("You signed in with a recovery code; %(left)d are left.") % {"left": left},
                )
            return _with_language(HttpResponseRedirect(pending["next"]), user)
    return render(request, "registration/login_code.html", {"form": form})


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """A signed-in session that has not passed the second factor yet (it began before the
    authenticator was set up) passes it here before a review, decision or report."""
    if not twofactor.has_device(request.user):
        return redirect(reverse("two-factor") + "?" + urlencode({"next": safe_next(request, "")}))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, error = _device_matching(request.user, form.cleaned_data["code"])
        if device is None:
            form.add_error("code", error)
        else:
            otp_login(request, device)
            return redirect(safe_next(request, reverse("dashboard")))
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": safe_next(request, "")},
    )


def _qr_data_url(url: str) -> str:
    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=2))


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator: scan the QR code (or type the secret), confirm with a code, then
    see the recovery codes once. With one set up: new recovery codes, or turn it off (only for
    users who need not use it)."""
    user = request.user
    device = twofactor.totp_device(user)
    next_url = safe_next(request, "")
    if device is not None:
        if request.method == "POST" and request.POST.get("action") == "recovery":
            if not twofactor.is_verified(request):
                return twofactor.page_redirect(request)
            codes = _recovery_codes_new(user)
            return render(
                request, "registration/two_factor_codes.html", {"codes": codes, "next": next_url}
            )
        if request.method == "POST" and request.POST.get("action") == "remove":
            if twofactor.is_required(user) or not twofactor.is_verified(request):
                messages.error(request, _("Your role requires two-factor sign-in; it stays on."))
            else:
                with transaction.atomic():
                    TOTPDevice.objects.filter(user_id=user.pk).delete()
                    StaticDevice.objects.filter(user_id=user.pk).delete()
                messages.success(request, _("Two-factor sign-in is off."))
            return redirect("two-factor")
        return render(
            request,
            "registration/two_factor.html",
            {
                "device": device,
                "recovery_left": StaticToken.objects.filter(device__user_id=user.pk).count(),
                "required": twofactor.is_required(user),
            },
        )
    pending = TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).first()
    if pending is None:
        pending = TOTPDevice.objects.create(
            user=user, name=twofactor.TOTP_DEVICE_NAME, confirmed=False
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if pending.verify_token(form.cleaned_data["code"].replace(" ", "")):
            with transaction.atomic():
                pending.confirmed = True
                pending.save(update_fields=["confirmed"])
                codes = _recovery_codes_new(user)
            otp_login(request, pending)
            return render(
                request, "registration/two_factor_codes.html", {"codes": codes, "next": next_url}
            )
        form.add_error(
            "code",
            _(
                "This code is not valid. Check the clock of your phone and type the code "
                "your app shows now."
            ),
        )
    secret = base64.b32encode(pending.bin_key).decode()
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr": _qr_data_url(pending.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": twofactor.is_required(user),
            "next": next_url,
        },
    )


def _recovery_codes_new(user: Any) -> list[str]:
    """Replace the user's recovery codes with new ones; returns them (shown once)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=twofactor.RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(settings.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        # Django keeps this session (update_session_auth_hash); the others end now (the API
        # tokens end with the new password, in ``tokens.revoke_on_password_change``).
        response = super().form_valid(form)
        sessions.sessions_end_others(actor=self.request.user, keep=self.request.session.session_key)
        return response


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form behind the shared throttle: the same answer whether or not an account
    has the address; too many requests for one address or from one client are refused."""

    request: HttpRequest | None = None

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        email = cleaned.get("email")
        if email and self.request is not None:
            address = client_address(self.request) or None
            if not lockout.reset_take(email=email, address=address):
                raise ValidationError(
                    _("Too many reset requests. Try again later."), code="throttled"
                )
        return cleaned

    def save(self, **kwargs: Any) -> None:  # type: ignore[override]
        # The mailed link leads to the site's public address (the one reports link to), not to
        # whatever Host the request came with; development without it uses the request's.
        if settings.PUBLIC_BASE_URL:
            parts = urlsplit(str(settings.PUBLIC_BASE_URL))
            kwargs["domain_override"] = parts.netloc
            kwargs["use_https"] = parts.scheme == "https"
        super().save(**kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    form_class = ThrottledPasswordResetForm
    success_url = reverse_lazy("password_reset_done")

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        form.request = self.request  # type: ignore[attr-defined]
        return form


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        # Every session of the user ends (the tokens end with the new password).
        response = super().form_valid(form)
        sessions.sessions_end_others(actor=self.user, keep=None)
        return response


@login_required
def sessions_page(request: HttpRequest) -> HttpResponse:
    """The user's signed-in sessions and API tokens, each revocable, and "sign out elsewhere"."""
    if request.method == "POST":
        current = request.session.session_key
        if "session" in request.POST:
            key = request.POST["session"]
            if key == current or not sessions.session_end(actor=request.user, session_key=key):
                raise Http404
            messages.success(request, _("That session is signed out."))
        elif "token" in request.POST:
            if not tokens.token_revoke(actor=request.user, token=request.POST["token"]):
                raise Http404
            messages.success(request, _("That API token is revoked."))
        elif request.POST.get("action") == "others":
            ended = sessions.sessions_end_others(actor=request.user, keep=current)
            messages.success(
                request,
                ngettext(
                    "%(count)d other session is signed out.",
                    "%(count)d other sessions are signed out.",
                    ended,
                )
                % {"count": ended},
            )
        return redirect("sessions")
    return render(
        request,
        "registration/sessions.html",
        {
            "sessions": sessions.sessions_of(request.user),
            "current": request.session.session_key,
            "tokens": [(tokens.token_id(t), t) for t in tokens.tokens_of(request.user)],
        },
    )


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; signed-in users keep the choice on their account."""
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(safe_next(request, "/"))
    if language not in LANGUAGES:
        return response
    if request.user.is_authenticated:
        UserPreference.objects.update_or_create(user=request.user, defaults={"language": language})
    return _remember(response, language)

"""Sign in and out, password change, and the language switch remembered per user."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from assessments import lockout
from assessments.models import UserPreference
from assessments.views.common import safe_next

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


class LockoutAdminAuthenticationForm(LockoutMessageMixin, AdminAuthenticationForm):
    """The Django admin's sign-in form (``admin.site.login_form``)."""


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True
    authentication_form = LockoutAuthenticationForm

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        preference = UserPreference.objects.filter(user=form.get_user()).first()
        if preference is not None:
            translation.activate(preference.language)
            return _remember(response, preference.language)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("password_change_done")


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

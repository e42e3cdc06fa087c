"""The team page of an organisation (members, invitations) and the invitation link's page.

Every member of an organisation may read its member list; only its managers (a company's
owners, a body's leads) see the open invitations and the forms that change the team. Anyone
else gets a 404 for the organisation.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import UserCreationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from assessments import services
from assessments.choices import Role
from assessments.models import Invitation, Membership, Organization
from assessments.services.team import (
    account_for,
    invitation_from_token,
    may_manage,
    roles_of,
)
from assessments.views.common import require
from core.exceptions import ApplicationError


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=gettext_lazy("Role"))

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(organization)  # type: ignore[attr-defined]
        # The least the usual newcomer needs: a company's member, a body's evaluator.
        self.fields["role"].initial = (
            Role.MEMBER if organization.kind == "company" else Role.EVALUATOR
        )


def role_choices(organization: Organization) -> list[tuple[str, Any]]:
    allowed = roles_of(organization)
    return [(value, label) for value, label in Role.choices if value in allowed]


def _organization(request: HttpRequest, pk: int) -> Organization:
    """The organisation, if the user is one of its members; 404 otherwise."""
    return get_object_or_404(
        Organization.objects.filter(memberships__user_id=request.user.pk or 0), pk=pk
    )


@login_required
def team(request: HttpRequest, pk: int, form: InviteForm | None = None) -> HttpResponse:
    organization = _organization(request, pk)
    manager = may_manage(request.user, organization)
    members = list(
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by("user__username", "pk")
    )
    open_invitations = (
        list(
            Invitation.objects.filter(
                organization=organization, accepted_at=None, revoked_at=None
            ).select_related("invited_by")
        )
        if manager
        else []
    )
    return render(
        request,
        "assessments/team.html",
        {
            "organization": organization,
            "manager": manager,
            "members": members,
            "invitations": open_invitations,
            "roles": role_choices(organization),
            "form": form or InviteForm(organization=organization),
            "invitation_days": settings.INVITATION_MAX_AGE_DAYS,
        },
        status=400 if form is not None else 200,
    )


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _done(request: HttpRequest, organization: Organization, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("team", organization.pk)


@login_required
@require_POST
def team_invite(request: HttpRequest, pk: int) -> HttpResponse:
    organization = _organization(request, pk)
    require(may_manage(request.user, organization))
    form = InviteForm(request.POST, organization=organization)
    if not form.is_valid():
        return team(request, pk, form=form)
    try:
        invitation = services.membership_invite(
            actor=request.user,
            organization=organization,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            base_url=_base_url(request),
        )
    except ApplicationError as exc:
        form.add_error("email", exc.message)
        return team(request, pk, form=form)
    return _done(
        request, organization, _("Invitation sent to %(email)s.") % {"email": invitation.email}
    )


def _membership(request: HttpRequest, organization: Organization, member_pk: int) -> Membership:
    require(may_manage(request.user, organization))
    return get_object_or_404(
        Membership.objects.select_related("user", "organization"),
        organization=organization,
        pk=member_pk,
    )


def _invitation(request: HttpRequest, organization: Organization, invitation_pk: int) -> Invitation:
    require(may_manage(request.user, organization))
    return get_object_or_404(
        Invitation.objects.select_related("organization"),
        organization=organization,
        pk=invitation_pk,
    )


def _refused(
    request: HttpRequest, organization: Organization, exc: ApplicationError
) -> HttpResponse:
    messages.error(request, exc.message)
    return redirect("team", organization.pk)


@login_required
@require_POST
def member_role(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    organization = _organization(request, pk)
    membership = _membership(request, organization, member_pk)
    try:
        changed = services.membership_role_change(
            actor=request.user, membership=membership, role=request.POST.get("role", "")
        )
    except ApplicationError as exc:
        return _refused(request, organization, exc)
    return _done(
        request,
        organization,
        _("%(user)s is now %(role)s.")
        % {"user": changed.user.get_username(), "role": changed.get_role_display()},
    )


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    organization = _organization(request, pk)
    membership = _membership(request, organization, member_pk)
    name = membership.user.get_username()
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except ApplicationError as exc:
        return _refused(request, organization, exc)
    if membership.user_id == request.user.pk:
        return redirect("login")
    return _done(request, organization, _("%(user)s was removed from the team.") % {"user": name})


@login_required
@require_POST
def invitation_resend(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    organization = _organization(request, pk)
    invitation = _invitation(request, organization, invitation_pk)
    try:
        services.invitation_resend(
            actor=request.user, invitation=invitation, base_url=_base_url(request)
        )
    except ApplicationError as exc:
        return _refused(request, organization, exc)
    return _done(
        request,
        organization,
        _("Invitation sent again to %(email)s.") % {"email": invitation.email},
    )


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    organization = _organization(request, pk)
    invitation = _invitation(request, organization, invitation_pk)
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)
    except ApplicationError as exc:
        return _refused(request, organization, exc)
    return _done(
        request,
        organization,
        _("The invitation for %(email)s was revoked.") % {"email": invitation.email},
    )


class AccountForm(UserCreationForm):  # type: ignore[type-arg]
    """A new account for an invited address: user name and password (Django's validators)."""


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation link: join with the signed-in account, or make one with a password."""
    try:
        invitation = invitation_from_token(token)
    except ApplicationError as exc:
        return render(request, "assessments/invitation.html", {"error": exc.message}, status=400)
    signed_in = request.user.is_authenticated
    existing = None if signed_in else account_for(invitation)
    form: AccountForm | None = None
    if not signed_in and existing is None:
        form = AccountForm(request.POST or None)
        form.instance.email = invitation.email
    if request.method == "POST":
        try:
            if signed_in:
                membership = services.invitation_accept(actor=request.user, token=token)
            elif form is not None and form.is_valid():
                membership = services.invitation_accept(
                    actor=None,
                    token=token,
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password1"],
                )
                login(request, membership.user, backend=settings.AUTHENTICATION_BACKENDS[0])
            else:
                membership = None
        except ApplicationError as exc:
            return render(
                request,
                "assessments/invitation.html",
                {"invitation": invitation, "form": form, "error": exc.message},
                status=400,
            )
        if membership is not None:
            messages.success(
                request,
                _("Welcome to %(organization)s.") % {"organization": invitation.organization.name},
            )
            return redirect(
                "queue" if membership.role in (Role.EVALUATOR, Role.LEAD) else "dashboard"
            )
    return render(
        request,
        "assessments/invitation.html",
        {
            "invitation": invitation,
            "form": form,
            "existing": existing,
            "wrong_account": signed_in and (request.user.email or "").lower() != invitation.email,  # type: ignore[union-attr]
            "login_url": reverse("login") + "?next=" + request.path,
        },
        status=400 if form is not None and form.errors else 200,
    )

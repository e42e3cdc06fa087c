"""An organisation's team: invitations, roles and removals (issue 11.1).

Owners manage a company's team and leads an evaluation body's; every change writes an
``OrganizationEvent`` in its transaction, and an organisation always keeps at least one of its
managers (``MANAGER_ROLE``). Invitation mail leaves from the notification task once committed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken

from assessments import invitations
from assessments.choices import BODY_ROLES, COMPANY_ROLES, MANAGER_ROLE, Role, TeamAction
from assessments.models import Invitation, Membership, Organization, OrganizationEvent
from assessments.selectors import role_in
from assessments.services.common import Conflict, PermissionRefused, send_to
from core.exceptions import ApplicationError


def _record(
    *,
    organization: Organization,
    actor: Any,
    action: TeamAction,
    member: Any = None,
    email: str = "",
    **data: Any,
) -> OrganizationEvent:
    return OrganizationEvent.objects.create(
        organization=organization, actor=actor, action=action, member=member, email=email, data=data
    )


def roles_of(organization: Organization) -> frozenset[Role]:
    return COMPANY_ROLES if organization.kind == "company" else BODY_ROLES


def may_manage(user: Any, organization: Organization) -> bool:
    return role_in(user, organization) == MANAGER_ROLE[organization.kind]


def _not_manager(organization: Organization) -> PermissionRefused:
    return PermissionRefused(
        _("Only an owner of the company manages its team.")
        if organization.kind == "company"
        else _("Only a lead of the evaluation body manages its team.")
    )


def _require_manager(actor: Any, organization: Organization) -> None:
    if not may_manage(actor, organization):
        raise _not_manager(organization)


def _check_role(organization: Organization, role: str) -> Role:
    if role not in roles_of(organization):
        raise ApplicationError(
            _("%(role)s is not a role in this organisation.") % {"role": role},
            extra={
                "fields": {
                    "role": [_("choose one of: %(roles)s") % {"roles": _names(organization)}]
                }
            },
        )
    return Role(role)


def _names(organization: Organization) -> str:
    return ", ".join(sorted(roles_of(organization)))


def _link(invitation: Invitation, base_url: str) -> str:
    base = (settings.PUBLIC_BASE_URL or base_url).rstrip("/")
    return base + reverse("invitation-accept", args=[invitations.token_for(invitation.key)])


def _mail_invitation(invitation: Invitation, base_url: str) -> None:
    organization = invitation.organization
    days = settings.INVITATION_MAX_AGE_DAYS
    subject = _("Trust Check: you are invited to join %(organization)s") % {
        "organization": organization.name
    }
    body = _(
        "%(inviter)s invites you to join %(organization)s on Trust Check as %(role)s.\n\n"
        "Accept the invitation with this link (it works once, for %(days)d days):\n%(link)s\n"
    ) % {
        "inviter": invitation.invited_by.get_username(),
        "organization": organization.name,
        "role": Role(invitation.role).label,
        "days": days,
        "link": _link(invitation, base_url),
    }
    send_to(addresses=[invitation.email], subject=subject, body=body)


@transaction.atomic
def membership_invite(
    *, actor: Any, organization: Organization, email: str, role: str, base_url: str = ""
) -> Invitation:
    """Invite ``email`` to join with ``role``; mails a signed link that works once, for
    ``INVITATION_MAX_AGE_DAYS``. Refused when the address is already a member or invited."""
    _require_manager(actor, organization)
    chosen = _check_role(organization, role)
    address = email.strip().lower()
    if Membership.objects.filter(organization=organization, user__email__iexact=address).exists():
        raise ApplicationError(
            _("%(email)s is already a member.") % {"email": address},
            extra={"fields": {"email": [_("already a member")]}},
        )
    if Invitation.objects.filter(
        organization=organization, email=address, accepted_at=None, revoked_at=None
    ).exists():
        raise ApplicationError(
            _("%(email)s is already invited: send the invitation again instead.")
            % {"email": address},
            extra={"fields": {"email": [_("already invited")]}},
        )
    invitation = Invitation(
        organization=organization,
        email=address,
        role=chosen,
        key=invitations.new_key(),
        invited_by=actor,
        sent_at=timezone.now(),
    )
    invitation.full_clean()
    invitation.save()
    _record(
        organization=organization,
        actor=actor,
        action=TeamAction.INVITE,
        email=address,
        role=chosen.value,
        invitation=invitation.pk,
    )
    _mail_invitation(invitation, base_url)
    return invitation


def _locked_open(invitation: Invitation) -> Invitation:
    locked = (
        Invitation.objects.select_for_update()
        .select_related("organization", "invited_by")
        .get(pk=invitation.pk)
    )
    if not locked.is_open:
        raise Conflict(
            _("This invitation was already accepted or revoked."),
            extra={"invitation": locked.pk},
        )
    return locked


@transaction.atomic
def invitation_resend(*, actor: Any, invitation: Invitation, base_url: str = "") -> Invitation:
    """Mail a new link; the earlier one stops working and the lifetime starts again."""
    _require_manager(actor, invitation.organization)
    invitation = _locked_open(invitation)
    invitation.key = invitations.new_key()
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["key", "sent_at"])
    _record(
        organization=invitation.organization,
        actor=actor,
        action=TeamAction.INVITATION_RESEND,
        email=invitation.email,
        invitation=invitation.pk,
    )
    _mail_invitation(invitation, base_url)
    return invitation


@transaction.atomic
def invitation_revoke(*, actor: Any, invitation: Invitation) -> Invitation:
    """End an invitation: its link stops working."""
    _require_manager(actor, invitation.organization)
    invitation = _locked_open(invitation)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    _record(
        organization=invitation.organization,
        actor=actor,
        action=TeamAction.INVITATION_REVOKE,
        email=invitation.email,
        invitation=invitation.pk,
    )
    return invitation


def invitation_from_token(token: str) -> Invitation:
    """The open invitation a link names; a clear ``ApplicationError`` for every bad link."""
    try:
        key = invitations.key_of(token)
    except invitations.ExpiredLink:
        raise ApplicationError(
            _("This invitation link has expired. Ask for a new invitation."),
            extra={"code": "invitation_expired"},
        ) from None
    except invitations.InvalidLink:
        raise ApplicationError(
            _("This invitation link is not valid."), extra={"code": "invitation_invalid"}
        ) from None
    invitation = (
        Invitation.objects.select_related("organization", "invited_by").filter(key=key).first()
    )
    if invitation is None:
        # A genuine signature over a key that was replaced by a resend.
        raise ApplicationError(
            _("This invitation link was replaced by a newer one. Use the latest e-mail."),
            extra={"code": "invitation_replaced"},
        )
    if invitation.accepted_at is not None:
        raise ApplicationError(
            _("This invitation was already used."), extra={"code": "invitation_used"}
        )
    if invitation.revoked_at is not None:
        raise ApplicationError(
            _("This invitation was revoked."), extra={"code": "invitation_revoked"}
        )
    return invitation


def account_for(invitation: Invitation) -> Any:
    """The active account that has the invitation's address, or None."""
    return (
        get_user_model()
        .objects.filter(email__iexact=invitation.email, is_active=True)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def invitation_accept(
    *, actor: Any, token: str, username: str = "", password: str = ""
) -> Membership:
    """Join the organisation an invitation names.

    Signed in (``actor``): the account must have the invited address. Not signed in: a new
    account is made with ``username`` and ``password`` (validated by the caller's form), unless
    an active account already has the address, which must sign in first.
    """
    invitation = _locked_open(invitation_from_token(token))
    organization = invitation.organization
    user_model = get_user_model()
    if getattr(actor, "is_authenticated", False):
        if (actor.email or "").lower() != invitation.email:
            raise PermissionRefused(
                _(
                    "This invitation is for %(email)s; you are signed in with another address. "
                    "Sign out, then open the link again."
                )
                % {"email": invitation.email},
                extra={"code": "invitation_wrong_account"},
            )
        user = actor
    else:
        if account_for(invitation) is not None:
            raise PermissionRefused(
                _("An account with %(email)s exists: sign in with it to accept.")
                % {"email": invitation.email},
                extra={"code": "invitation_sign_in"},
            )
        if not username or not password:
            raise ApplicationError(
                _("Choose a user name and a password."),
                extra={"fields": {"username": ["required"], "password": ["required"]}},
            )
        if user_model.objects.filter(username__iexact=username).exists():
            raise ApplicationError(
                _("That user name is taken."), extra={"fields": {"username": ["already used"]}}
            )
        user = user_model(username=username, email=invitation.email)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
    if Membership.objects.filter(organization=organization, user=user).exists():
        raise Conflict(
            _("You are already a member of %(organization)s.")
            % {"organization": organization.name},
            extra={"code": "already_member"},
        )
    membership = Membership(organization=organization, user=user, role=invitation.role)
    membership.full_clean()
    membership.save()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    _record(
        organization=organization,
        actor=user,
        action=TeamAction.INVITATION_ACCEPT,
        member=user,
        email=invitation.email,
        role=invitation.role,
        invitation=invitation.pk,
    )
    return membership


def _locked_members(organization: Organization) -> dict[int, Membership]:
    # Locking every membership of the organisation serialises role changes and removals, so two
    # owners demoting each other at once cannot leave it without one.
    return {
        m.pk: m
        for m in Membership.objects.select_for_update()
        .filter(organization=organization)
        .select_related("user")
        .order_by("pk")
    }


def _keeps_a_manager(
    organization: Organization, members: dict[int, Membership], changed: int, role: str | None
) -> None:
    manager = MANAGER_ROLE[organization.kind]
    left = [
        m
        for m in members.values()
        if (role if m.pk == changed else m.role) == manager
        and not (m.pk == changed and role is None)
    ]
    if not left:
        raise Conflict(
            _("The company must keep at least one owner.")
            if organization.kind == "company"
            else _("The evaluation body must keep at least one lead."),
            extra={"code": "last_manager", "role": manager.value},
        )


def _still_manager(actor: Any, organization: Organization, members: dict[int, Membership]) -> None:
    # Checked again under the lock: a manager demoted a moment ago by another no longer manages.
    manager = MANAGER_ROLE[organization.kind]
    if not any(m.user_id == actor.pk and m.role == manager for m in members.values()):
        raise _not_manager(organization)


def _member(members: dict[int, Membership], membership: Membership) -> Membership:
    found = members.get(membership.pk)
    if found is None:
        raise ApplicationError(_("That person is not a member."), extra={"code": "not_member"})
    return found


@transaction.atomic
def membership_role_change(*, actor: Any, membership: Membership, role: str) -> Membership:
    """Give a member another role of the organisation; the last owner (lead) keeps theirs."""
    organization = membership.organization
    _require_manager(actor, organization)
    chosen = _check_role(organization, role)
    members = _locked_members(organization)
    _still_manager(actor, organization, members)
    target = _member(members, membership)
    previous = target.role
    if previous == chosen:
        return target
    _keeps_a_manager(organization, members, target.pk, chosen)
    target.role = chosen
    target.full_clean()
    target.save(update_fields=["role"])
    _record(
        organization=organization,
        actor=actor,
        action=TeamAction.ROLE_CHANGE,
        member=target.user,
        email=target.user.email,
        previous=previous,
        role=chosen.value,
    )
    return target


def sessions_end(*, user: Any) -> int:
    """End every session of ``user`` (database sessions: each live one is read once)."""
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


@transaction.atomic
def membership_remove(*, actor: Any, membership: Membership) -> None:
    """Remove a member: their access ends at once (sessions and API tokens), and an account that
    belongs to no organisation any more is deactivated, so it can no longer sign in. The user
    row stays, so every audit event they wrote keeps their name."""
    organization = membership.organization
    _require_manager(actor, organization)
    members = _locked_members(organization)
    _still_manager(actor, organization, members)
    target = _member(members, membership)
    _keeps_a_manager(organization, members, target.pk, None)
    user = target.user
    target.delete()
    sessions_end(user=user)
    AuthToken.objects.filter(user=user).delete()
    deactivated = False
    if not user.is_staff and not Membership.objects.filter(user=user).exists():
        user.is_active = False
        user.save(update_fields=["is_active"])
        deactivated = True
    _record(
        organization=organization,
        actor=actor,
        action=TeamAction.REMOVE,
        member=user,
        email=user.email,
        role=target.role,
        deactivated=deactivated,
    )

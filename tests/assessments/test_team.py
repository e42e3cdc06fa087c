"""Team management (issue 11.1, 11.2): invitations, roles, removals and assignment, through the
services, the pages and the API, with the mail they send (read from ``mail.outbox``).

Every refused change leaves the database as it was (``team_snapshot``).
"""

from __future__ import annotations

import re
import time
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from assessments import invitations, services
from assessments.choices import Role, TeamAction
from assessments.models import AuditEvent, Invitation, Membership, OrganizationEvent
from core.exceptions import ApplicationError
from tests.assessments.conftest import World
from tests.factories import PASSWORD, UserFactory, api_token

NEW_PASSWORD = "Strong-Passw0rd-for-tests"
LINK = re.compile(r"https?://\S+/invitations/(\S+)/")


def team_snapshot() -> dict[str, Any]:
    return {
        "members": sorted(Membership.objects.values_list("pk", "user_id", "role")),
        "invitations": sorted(
            Invitation.objects.values_list("pk", "key", "accepted_at", "revoked_at")
        ),
        "events": OrganizationEvent.objects.count(),
        "users": sorted(get_user_model().objects.values_list("pk", "is_active")),
        "tokens": AuthToken.objects.count(),
    }


def token_in(message: Any) -> str:
    found = LINK.search(message.body)
    assert found, message.body
    return found.group(1)


def invite(world: World, email: str = "new@example.com", role: str = "member") -> Invitation:
    return services.membership_invite(
        actor=world.users["owner"],
        organization=world.company,
        email=email,
        role=role,
        base_url="http://testserver/",
    )


# --- invite and accept ------------------------------------------------------------------------


def test_invite_mails_a_signed_link_that_a_new_user_accepts_with_a_password(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(world, "New.Person@Example.com", "member")
    assert invitation.email == "new.person@example.com"
    assert [m.to for m in mail.outbox] == [["new.person@example.com"]]
    token = token_in(mail.outbox[0])
    assert "Acme AI" in mail.outbox[0].subject

    client = Client(headers={"Accept-Language": "en"})
    page = client.get(f"/invitations/{token}/")
    assert page.status_code == 200 and b"Acme AI" in page.content
    response = client.post(
        f"/invitations/{token}/",
        {"username": "newperson", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302, response.content
    user = get_user_model().objects.get(username="newperson")
    assert user.email == "new.person@example.com" and user.check_password(NEW_PASSWORD)
    assert Membership.objects.get(user=user, organization=world.company).role == Role.MEMBER
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    # Signed in at once: the dashboard opens.
    assert client.get("/app/").status_code == 200
    actions = list(OrganizationEvent.objects.values_list("action", flat=True))
    assert actions == [TeamAction.INVITE, TeamAction.INVITATION_ACCEPT]


def test_an_existing_account_joins_when_signed_in_with_the_invited_address(world: World) -> None:
    person = UserFactory(username="already", email="already@example.com")
    invitation = invite(world, "already@example.com", "viewer")
    token = invitations.token_for(invitation.key)
    anonymous = Client(headers={"Accept-Language": "en"})
    page = anonymous.get(f"/invitations/{token}/")
    assert b"Sign in with it to accept" in page.content
    # Without signing in, no account is made for an address that has one.
    refused = anonymous.post(
        f"/invitations/{token}/",
        {"username": "intruder", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert refused.status_code == 200
    assert not get_user_model().objects.filter(username="intruder").exists()
    client = Client()
    client.force_login(person)
    assert client.post(f"/invitations/{token}/").status_code == 302
    assert Membership.objects.get(user=person, organization=world.company).role == Role.VIEWER


def test_wrong_account_expired_reused_forged_and_replaced_links_change_nothing(
    world: World, settings: Any
) -> None:
    invitation = invite(world, "someone@example.com")
    token = invitations.token_for(invitation.key)
    before = team_snapshot()

    wrong = world.users["member"]  # signed in as another address
    with pytest.raises(ApplicationError, match="signed in with another address"):
        services.invitation_accept(actor=wrong, token=token)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    with pytest.raises(ApplicationError, match="not valid"):
        services.invitation_accept(actor=None, token=forged, username="x1", password=NEW_PASSWORD)
    with pytest.raises(ApplicationError, match="not valid"):
        services.invitation_accept(actor=None, token="made-up", username="x1", password="p")
    settings.INVITATION_MAX_AGE_DAYS = 1
    with pytest.raises(ApplicationError, match="expired"):
        services.invitation_accept(
            actor=None,
            token=_signed_days_ago(invitation.key, 2),
            username="x2",
            password=NEW_PASSWORD,
        )
    assert team_snapshot() == before

    services.invitation_accept(actor=None, token=token, username="x3", password=NEW_PASSWORD)
    after_accept = team_snapshot()
    with pytest.raises(ApplicationError, match="already used"):
        services.invitation_accept(actor=None, token=token, username="x4", password=NEW_PASSWORD)
    assert team_snapshot() == after_accept

    # A resend replaces the link: the old one stops working, the new one works.
    second = invite(world, "other@example.com")
    old = invitations.token_for(second.key)
    services.invitation_resend(actor=world.users["owner"], invitation=second)
    second.refresh_from_db()
    with pytest.raises(ApplicationError, match="replaced"):
        services.invitation_accept(actor=None, token=old, username="x5", password=NEW_PASSWORD)
    services.invitation_accept(
        actor=None, token=invitations.token_for(second.key), username="x6", password=NEW_PASSWORD
    )


def test_an_expired_link_shows_a_clear_error_page(world: World) -> None:
    token = _signed_days_ago(invite(world).key, 8)
    page = Client(headers={"Accept-Language": "en"}).get(f"/invitations/{token}/")
    assert page.status_code == 400
    assert b"This invitation link has expired" in page.content


def _signed_days_ago(key: str, days: float) -> str:
    """The link as it was mailed ``days`` ago (the signer reads the clock when signing)."""
    then = time.time() - days * 86400
    with mock.patch("django.core.signing.time.time", return_value=then):
        return invitations.token_for(key)


def test_the_default_lifetime_is_seven_days(world: World) -> None:
    invitation = invite(world)
    before = team_snapshot()
    with pytest.raises(ApplicationError, match="expired"):
        services.invitation_accept(
            actor=None,
            token=_signed_days_ago(invitation.key, 7.01),
            username="late",
            password=NEW_PASSWORD,
        )
    assert team_snapshot() == before
    services.invitation_accept(
        actor=None,
        token=_signed_days_ago(invitation.key, 6.9),
        username="intime",
        password=NEW_PASSWORD,
    )
    assert Membership.objects.filter(user__username="intime").exists()


def test_revoked_invitations_cannot_be_accepted_or_revoked_again(world: World) -> None:
    invitation = invite(world)
    token = invitations.token_for(invitation.key)
    services.invitation_revoke(actor=world.users["owner"], invitation=invitation)
    before = team_snapshot()
    with pytest.raises(ApplicationError, match="revoked"):
        services.invitation_accept(actor=None, token=token, username="late", password=NEW_PASSWORD)
    with pytest.raises(ApplicationError, match="already accepted or revoked"):
        services.invitation_revoke(actor=world.users["owner"], invitation=invitation)
    assert team_snapshot() == before


def test_invite_refuses_a_role_of_the_other_kind_a_member_and_a_second_invitation(
    world: World,
) -> None:
    invite(world, "twice@example.com")
    before = team_snapshot()
    for email, role, words in [
        ("a@example.com", "lead", "not a role"),
        ("owner@example.com", "member", "already a member"),
        ("twice@example.com", "member", "already invited"),
    ]:
        with pytest.raises(ApplicationError, match=words):
            invite(world, email, role)
    with pytest.raises(ApplicationError, match="Only an owner"):
        services.membership_invite(
            actor=world.users["member"],
            organization=world.company,
            email="b@example.com",
            role="viewer",
        )
    assert team_snapshot() == before


# --- roles and removal ------------------------------------------------------------------------


def test_the_last_owner_and_the_last_lead_stay(world: World) -> None:
    owner = Membership.objects.get(user=world.users["owner"])
    lead = Membership.objects.get(user=world.users["lead"])
    before = team_snapshot()
    with pytest.raises(ApplicationError, match="at least one owner"):
        services.membership_role_change(actor=world.users["owner"], membership=owner, role="member")
    with pytest.raises(ApplicationError, match="at least one owner"):
        services.membership_remove(actor=world.users["owner"], membership=owner)
    with pytest.raises(ApplicationError, match="at least one lead"):
        services.membership_role_change(
            actor=world.users["lead"], membership=lead, role="evaluator"
        )
    with pytest.raises(ApplicationError, match="at least one lead"):
        services.membership_remove(actor=world.users["lead"], membership=lead)
    assert team_snapshot() == before
    # With a second owner the first may step down.
    member = Membership.objects.get(user=world.users["member"])
    services.membership_role_change(actor=world.users["owner"], membership=member, role="owner")
    services.membership_role_change(actor=world.users["owner"], membership=owner, role="viewer")
    assert Membership.objects.get(pk=owner.pk).role == Role.VIEWER
    event = OrganizationEvent.objects.filter(action=TeamAction.ROLE_CHANGE).last()
    assert event is not None and event.data == {"previous": "owner", "role": "viewer"}


def test_removal_ends_sessions_and_tokens_and_keeps_the_audit_trail(world: World) -> None:
    member = world.users["member"]
    assessment = services.assessment_create(actor=member, system=world.system)
    session = Client()
    assert session.login(username="member", password=PASSWORD)
    token = api_token(member)
    api = APIClient(headers={"Authorization": f"Token {token}"})
    assert api.get("/api/v1/me/").status_code == 200
    other_session = Client()
    other_session.force_login(world.users["owner"])

    services.membership_remove(
        actor=world.users["owner"], membership=Membership.objects.get(user=member)
    )

    assert session.get("/app/").status_code == 302  # back to the sign-in page
    assert api.get("/api/v1/me/").status_code == 401
    assert not AuthToken.objects.filter(user=member).exists()
    assert other_session.get("/app/").status_code == 200  # nobody else is signed out
    assert Session.objects.count() == 1
    member.refresh_from_db()
    assert not member.is_active  # belongs to no organisation: cannot sign in
    assert not Client().login(username="member", password=PASSWORD)
    # The events they wrote still name them.
    assert AuditEvent.objects.filter(assessment=assessment, actor=member).exists()
    removal = OrganizationEvent.objects.get(action=TeamAction.REMOVE)
    assert removal.member == member and removal.data["deactivated"] is True


def test_organisation_events_are_append_only(world: World) -> None:
    invite(world)
    event = OrganizationEvent.objects.get()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        OrganizationEvent.objects.update(email="x@example.com")
    with pytest.raises(PermissionError):
        OrganizationEvent.objects.all().delete()


# --- pages ------------------------------------------------------------------------------------


def test_team_page_forms_change_the_team(world: World) -> None:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(world.users["owner"])
    page = client.get(f"/app/team/{world.company.pk}/")
    assert page.status_code == 200 and b"Send invitation" in page.content
    bad = client.post(f"/app/team/{world.company.pk}/invite/", {"email": "nope", "role": "member"})
    assert bad.status_code == 400 and b"Enter a valid email address" in bad.content
    assert not Invitation.objects.exists()
    ok = client.post(
        f"/app/team/{world.company.pk}/invite/", {"email": "ann@example.com", "role": "viewer"}
    )
    assert ok.status_code == 302
    invitation = Invitation.objects.get()
    client.post(f"/app/team/{world.company.pk}/invitations/{invitation.pk}/resend/")
    client.post(f"/app/team/{world.company.pk}/invitations/{invitation.pk}/revoke/")
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    viewer = Membership.objects.get(user=world.users["viewer"])
    client.post(f"/app/team/{world.company.pk}/members/{viewer.pk}/role/", {"role": "member"})
    assert Membership.objects.get(pk=viewer.pk).role == Role.MEMBER
    owner = Membership.objects.get(user=world.users["owner"])
    refused = client.post(f"/app/team/{world.company.pk}/members/{owner.pk}/remove/", follow=True)
    assert b"must keep at least one owner" in refused.content
    assert Membership.objects.filter(pk=owner.pk).exists()


@pytest.mark.parametrize(
    ("who", "page", "forms"),
    [
        ("owner", 200, True),
        ("member", 200, False),
        ("viewer", 200, False),
        ("other_company", 404, False),
        ("evaluator", 404, False),
        ("staff", 404, False),
    ],
)
def test_team_page_by_role(world: World, who: str, page: int, forms: bool) -> None:
    invite(world, "pending@example.com")
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(world.users[who])
    response = client.get(f"/app/team/{world.company.pk}/")
    assert response.status_code == page
    if page == 200:
        assert (b"Send invitation" in response.content) is forms
        assert (b"pending@example.com" in response.content) is forms
    viewer = Membership.objects.get(user=world.users["viewer"])
    before = team_snapshot()
    posted = client.post(
        f"/app/team/{world.company.pk}/members/{viewer.pk}/role/", {"role": "owner"}
    )
    assert posted.status_code == (302 if forms else 404)
    if not forms:
        assert team_snapshot() == before


# --- assignment -------------------------------------------------------------------------------


def test_a_lead_assigns_and_only_the_assignee_or_a_lead_claims(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    second = UserFactory(username="evaluator2")
    Membership.objects.create(user=second, organization=world.body, role=Role.EVALUATOR)
    assessment = world.submitted()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_assign(
            actor=world.users["lead"], assessment=assessment, assignee=second
        )
    assert [m.to for m in mail.outbox] == [[second.email]]
    assert "assigned to you" in mail.outbox[0].subject
    event = AuditEvent.objects.filter(assessment=assessment, action="assign").get()
    assert event.actor == world.users["lead"] and event.data["assignee"] == second.pk

    with pytest.raises(ApplicationError, match="assigned this assessment to another"):
        services.assessment_claim(actor=world.users["evaluator"], assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.status == "submitted" and assessment.claimed_by_id is None
    services.assessment_claim(actor=second, assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.claimed_by == second


def test_assignment_refusals_change_nothing(world: World) -> None:
    assessment = world.submitted()
    outsider = world.users["other_evaluator"]
    cases = [
        (world.users["evaluator"], world.users["evaluator"], "Only a lead"),
        (world.users["lead"], outsider, "not an evaluator of this body"),
        (world.users["lead"], world.users["owner"], "not an evaluator of this body"),
    ]
    for actor, assignee, words in cases:
        with pytest.raises(ApplicationError) as caught:
            services.assessment_assign(actor=actor, assessment=assessment, assignee=assignee)
        assert words in str(caught.value.message) + str(caught.value.extra)
    assessment.refresh_from_db()
    assert assessment.assigned_to_id is None
    assert not AuditEvent.objects.filter(action="assign").exists()


def test_a_lead_can_take_an_assignment_back(world: World) -> None:
    assessment = world.submitted()
    lead = world.users["lead"]
    services.assessment_assign(actor=lead, assessment=assessment, assignee=world.users["lead"])
    services.assessment_assign(actor=lead, assessment=assessment, assignee=None)
    services.assessment_claim(actor=world.users["evaluator"], assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.claimed_by == world.users["evaluator"]


def test_reassigning_a_review_in_progress_hands_it_over(world: World) -> None:
    second = UserFactory(username="evaluator2")
    Membership.objects.create(user=second, organization=world.body, role=Role.EVALUATOR)
    assessment = world.in_review()
    services.assessment_assign(actor=world.users["lead"], assessment=assessment, assignee=second)
    assessment.refresh_from_db()
    assert assessment.claimed_by == second
    services.assessment_request_changes(actor=second, assessment=assessment, comment="More")
    with pytest.raises(ApplicationError):
        services.assessment_request_changes(
            actor=world.users["evaluator"], assessment=assessment, comment="x"
        )


def test_queue_shows_assigned_to_and_mine_first(world: World) -> None:
    first = world.submitted()
    second = world.submitted()  # newer: first in the queue by date
    services.assessment_assign(
        actor=world.users["lead"], assessment=first, assignee=world.users["evaluator"]
    )
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(world.users["evaluator"])
    page = client.get("/app/queue/").content.decode()
    assert "Assigned to me" in page
    assert page.index(f"/app/assessments/{first.pk}/") < page.index(
        f"/app/assessments/{second.pk}/"
    )
    assert 'name="assignee"' not in page  # evaluators do not assign
    lead = Client(headers={"Accept-Language": "en"})
    lead.force_login(world.users["lead"])
    lead_page = lead.get("/app/queue/").content.decode()
    assert 'name="assignee"' in lead_page and ">evaluator<" in lead_page
    response = lead.post(f"/app/assessments/{second.pk}/assign/", {"assignee": ""})
    assert response.status_code == 302
    posted = client.post(
        f"/app/assessments/{second.pk}/assign/", {"assignee": world.users["evaluator"].pk}
    )
    assert posted.status_code == 404  # an evaluator's crafted form
    second.refresh_from_db()
    assert second.assigned_to_id is None


# --- the API's bad input ----------------------------------------------------------------------


def test_api_bad_input_is_a_field_error_and_changes_nothing(world: World) -> None:
    owner = world.client("owner")
    lead = world.client("lead")
    before = team_snapshot()
    base = f"/api/v1/organizations/{world.company.pk}"
    cases = [
        (owner.post(f"{base}/invitations/", {"email": "nope", "role": "member"}), 400, "email"),
        (
            owner.post(f"{base}/invitations/", {"email": "a@example.com", "role": "lead"}),
            400,
            "role",
        ),
        (
            owner.patch(
                f"{base}/members/{Membership.objects.get(user=world.users['viewer']).pk}/",
                {"role": "boss"},
                format="json",
            ),
            400,
            "role",
        ),
    ]
    for response, code, field in cases:
        assert response.status_code == code, response.content
        body = response.json()
        assert set(body) == {"message", "extra"}
        assert field in body["extra"]["fields"], body
    own = Membership.objects.get(user=world.users["owner"])
    last = owner.delete(f"{base}/members/{own.pk}/")
    assert last.status_code == 409
    assert last.json()["extra"]["code"] == "last_manager"
    assert team_snapshot() == before

    assessment = world.submitted()
    unknown = lead.post(
        f"/api/v1/assessments/{assessment.pk}/assign/", {"assignee": 987654}, format="json"
    )
    assert unknown.status_code == 400 and "assignee" in unknown.json()["extra"]["fields"]
    outsider = lead.post(
        f"/api/v1/assessments/{assessment.pk}/assign/",
        {"assignee": world.users["other_evaluator"].pk},
        format="json",
    )
    assert outsider.status_code == 400 and "assignee" in outsider.json()["extra"]["fields"]
    assessment.refresh_from_db()
    assert assessment.assigned_to_id is None


def test_api_assign_shows_the_assignee(world: World) -> None:
    assessment = world.submitted()
    response = world.client("lead").post(
        f"/api/v1/assessments/{assessment.pk}/assign/",
        {"assignee": world.users["evaluator"].pk},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["assigned_to"] == "evaluator"


def test_a_member_of_another_organisation_stays_active_after_removal(world: World) -> None:
    member = world.users["member"]
    Membership.objects.create(user=member, organization=world.other_company, role=Role.VIEWER)
    services.membership_remove(
        actor=world.users["owner"],
        membership=Membership.objects.get(user=member, organization=world.company),
    )
    member.refresh_from_db()
    assert member.is_active
    assert list(Membership.objects.filter(user=member).values_list("organization", flat=True)) == [
        world.other_company.pk
    ]
    assert OrganizationEvent.objects.get(action=TeamAction.REMOVE).data["deactivated"] is False

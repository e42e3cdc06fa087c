"""Notifications: created from the existing events, listed and marked read per user, mailed by
a task (locmem backend) in the user's language, and the per-kind mail switch."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from assessments import services
from assessments.models import UserPreference
from notifications import services as notification_services
from notifications.choices import Kind
from notifications.models import MailSwitch, Notification
from tests.factories import sign_in
from tests.remediation.helpers import plan_action

pytestmark = pytest.mark.django_db


# pytest-django sends mail to Django's locmem backend (mail.outbox); tasks run immediately.


def kinds_of(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


def page_client(world, who: str) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    sign_in(client, world.users[who])
    return client


def test_review_steps_notify_in_app_and_mail_once(
    world, django_capture_on_commit_callbacks
) -> None:
    assessment = world.submitted()
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_assign(
            actor=world.users["lead"], assessment=assessment, assignee=world.users["evaluator"]
        )
    assert kinds_of(world.users["evaluator"]) == [Kind.ASSIGNED]
    assert [m.to for m in mail.outbox] == [["evaluator@example.com"]]
    mail.outbox.clear()
    assessment = services.assessment_claim(actor=world.users["evaluator"], assessment=assessment)
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_request_changes(
            actor=world.users["evaluator"], assessment=assessment, comment="Attach the policy."
        )
    for who in ("owner", "member"):
        assert kinds_of(world.users[who]) == [Kind.CHANGES_REQUESTED]
    assert kinds_of(world.users["viewer"]) == []
    assert sorted(m.to[0] for m in mail.outbox) == ["member@example.com", "owner@example.com"]


def test_a_switched_off_kind_is_listed_but_not_mailed(
    world, django_capture_on_commit_callbacks
) -> None:
    notification_services.mail_switches_set(
        actor=world.users["member"], mail={Kind.CHANGES_REQUESTED: False}
    )
    assessment = world.in_review()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_request_changes(
            actor=world.users["evaluator"], assessment=assessment, comment="More."
        )
    assert kinds_of(world.users["member"]) == [Kind.CHANGES_REQUESTED]  # in-app always
    assert [m.to for m in mail.outbox] == [["owner@example.com"]]


def test_action_owner_is_notified_and_mailed_in_their_language(
    world, django_capture_on_commit_callbacks
) -> None:
    UserPreference.objects.create(user=world.users["member"], language="ko")
    with django_capture_on_commit_callbacks(execute=True):
        action = plan_action(world, world.new_assessment(), title="Publish the data sheet")
    notification = Notification.objects.get(user=world.users["member"])
    assert notification.kind == Kind.ASSIGNED
    assert notification.link == f"/app/assessments/{action.raised_in_id}/actions/{action.pk}/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["member@example.com"]
    assert "Publish the data sheet" in message.subject
    assert "조치" in message.body  # Korean, the member's language
    assert notification.link in message.body
    notification.refresh_from_db()
    assert notification.mailed_at is not None


def test_switched_off_action_mail_is_not_sent(world, django_capture_on_commit_callbacks) -> None:
    MailSwitch.objects.create(user=world.users["member"], kind=Kind.ASSIGNED, mail=False)
    with django_capture_on_commit_callbacks(execute=True):
        plan_action(world, world.new_assessment())
    assert kinds_of(world.users["member"]) == [Kind.ASSIGNED]
    assert mail.outbox == []


def test_due_and_overdue_actions_once_each(world, django_capture_on_commit_callbacks) -> None:
    today = timezone.localdate()
    assessment = world.new_assessment()
    plan_action(world, assessment, title="Soon", owner="owner", due=today + timedelta(days=2))
    plan_action(world, assessment, title="Late", owner="owner", due=today - timedelta(days=1))
    plan_action(world, assessment, title="Far", owner="owner", due=today + timedelta(days=20))
    for _run in range(2):  # a second run notifies nothing again
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_due_notifications", "--now", stdout=io.StringIO())
    rows = Notification.objects.filter(user=world.users["owner"], kind=Kind.ACTION_DUE)
    assert sorted(n.params["title"] for n in rows) == ["Late", "Soon"]
    assert {n.params["title"]: n.params["overdue"] for n in rows} == {"Late": True, "Soon": False}
    # Mailed once each, in the site's language (Korean) for a user without a preference.
    subjects = sorted(m.subject for m in mail.outbox)
    assert len(subjects) == 2
    assert "“Late”" in subjects[0] and _ko(today - timedelta(days=1)) in subjects[0]
    assert "“Soon”" in subjects[1] and _ko(today + timedelta(days=2)) in subjects[1]
    assert all(m.to == ["owner@example.com"] for m in mail.outbox)


def _ko(day) -> str:
    from django.utils import translation
    from django.utils.formats import date_format

    with translation.override("ko"):
        return date_format(day, "DATE_FORMAT")


def test_list_page_mark_read_and_scoping(world) -> None:
    plan_action(world, world.new_assessment(), title="Mine")
    other = Notification.objects.get(user=world.users["member"])
    theirs = Notification.objects.create(user=world.users["owner"], kind=Kind.DECIDED)
    client = page_client(world, "member")
    page = client.get("/app/notifications/")
    html = page.content.decode()
    assert "You own the action “Mine”" in html
    assert 'class="count"' in client.get("/app/").content.decode()
    assert client.post(f"/app/notifications/{theirs.pk}/read/").status_code == 404
    assert client.get(f"/app/notifications/{other.pk}/read/").status_code == 405
    opened = client.post(f"/app/notifications/{other.pk}/read/", {"open": "1"})
    assert opened.status_code == 302 and opened["Location"] == other.link
    other.refresh_from_db()
    assert other.read_at is not None
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert 'class="count"' not in client.get("/app/notifications/").content.decode()


def test_mark_all_and_switch_mail_on_the_page(world) -> None:
    for _n in range(3):
        Notification.objects.create(user=world.users["owner"], kind=Kind.REPORT_READY)
    client = page_client(world, "owner")
    assert client.post("/app/notifications/read-all/").status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    client.post("/app/notifications/mail/", {"mail": [Kind.DECIDED, Kind.ASSIGNED]})
    off = set(
        MailSwitch.objects.filter(user=world.users["owner"], mail=False).values_list(
            "kind", flat=True
        )
    )
    assert off == {
        Kind.CHANGES_REQUESTED,
        Kind.REPORT_READY,
        Kind.ACTION_DUE,
        Kind.EVALUATION_EXPIRING,
    }
    assert Client().get("/app/notifications/").status_code == 302  # anonymous: sign in first


def test_csrf_is_required(world) -> None:
    client = Client(enforce_csrf_checks=True)
    sign_in(client, world.users["owner"])
    assert client.post("/app/notifications/read-all/").status_code == 403


def test_unknown_kind_is_a_field_error(world) -> None:
    from config.exceptions import ApplicationError

    with pytest.raises(ApplicationError) as caught:
        notification_services.mail_switches_set(actor=world.users["owner"], mail={"gossip": False})
    assert caught.value.extra == {"fields": {"mail": ["gossip"]}}


def test_report_ready_and_evaluation_expiring(
    world, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:
    from reports import services as report_services
    from reports.choices import ReportStatus
    from reports.validity import expiry_reminders_send
    from tests.reports.conftest import decide

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORT_SIGNING = {}
    settings.REPORT_RENDER_TIMEOUT = 120
    assessment = decide(world)
    MailSwitch.objects.create(user=world.users["owner"], kind=Kind.EVALUATION_EXPIRING, mail=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = report_services.report_issue(
            actor=world.users["evaluator"], assessment=assessment, kind="evaluation", language="en"
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    ready = Notification.objects.get(user=world.users["evaluator"], kind=Kind.REPORT_READY)
    assert ready.params["code"] == report.code
    assert [m.to for m in mail.outbox] == [["evaluator@example.com"]]
    assert report.code in mail.outbox[0].subject
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert expiry_reminders_send(now=report.valid_until - timedelta(days=5)) == 3
        call_command("send_due_notifications", "--now", stdout=io.StringIO())
    for who in ("owner", "member"):
        # One for the run that passed 60, 30 and 7 days at once (it mailed once, too).
        assert kinds_of(world.users[who]).count(Kind.EVALUATION_EXPIRING) == 1
    # The reminder is mailed by reports.validity, but not to the owner, who switched it off.
    assert [m.to for m in mail.outbox] == [["member@example.com"]]


def test_a_failing_notification_never_blocks_the_step(world, monkeypatch) -> None:
    from notifications import handlers

    def broken(**kwargs):
        raise RuntimeError("notification store down")

    monkeypatch.setattr(handlers, "notifications_create", broken)
    assessment = world.in_review()
    decided = services.assessment_request_changes(
        actor=world.users["evaluator"], assessment=assessment, comment="More."
    )
    assert decided.status == "changes_requested"
    assert not Notification.objects.exists()

from __future__ import annotations

import time
from typing import Any

import factory
from django.contrib.auth import get_user_model

from assessments.choices import OrganizationKind, Role, SystemRole
from assessments.models import AISystem, Membership, Organization

PASSWORD = "pw-Trust-Check-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password(PASSWORD)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganizationKind.COMPANY


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.OWNER


class SystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AISystem

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"System {n}")
    purpose = "Screens job applications for recruiters."
    domain = "hiring"
    role = SystemRole.OPERATOR
    created_by = factory.SubFactory(UserFactory)


def api_token(user: object) -> str:
    """A working API token for ``user`` (the secret for ``Authorization: Token <key>``), issued the
    way ``POST /api/v1/auth/token/`` issues one: accounts that must use two-factor sign-in have an
    authenticator (``totp_device``) and get a verified token, as the endpoint gives with ``otp``."""
    from assessments import twofactor
    from assessments.services.tokens import token_issue

    verified = twofactor.is_required(user)
    if verified:  # the endpoint asks these accounts for a current code of their authenticator
        totp_device(user)
    _instance, secret = token_issue(actor=user, verified=verified)
    return secret


def totp_device(user: Any) -> Any:
    """The user's confirmed authenticator (django-otp's TOTP device). Made on first use the way
    enrolment makes it: confirmed only by a real code computed from its key."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from assessments.services.tokens import totp_check

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
        assert totp_check(device=device, code=totp_code(device))
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return device


def totp_code(device: Any) -> str:
    """The code the user's phone would show, computed with django-otp: the current time step, or
    the next one the device has not used yet (a code is refused a second time), waiting if that
    step is beyond the device's tolerance."""
    from django_otp.oath import TOTP

    device.refresh_from_db()
    now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now.time = time.time()
    step = max(now.t(), device.last_t + 1)
    while step > now.t() + device.tolerance:
        time.sleep(1)
        now.time = time.time()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = device.t0 + step * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in(client: Any, user: Any) -> None:
    """Sign ``client`` in as ``user`` the way the sign-in page leaves a session: users who must
    use two-factor sign-in (evaluators, leads, staff) get a confirmed authenticator, and the
    session is marked as having passed it (what the code step does)."""
    client.force_login(user)
    from assessments import twofactor

    if twofactor.is_required(user):
        from django_otp import DEVICE_ID_SESSION_KEY

        device = totp_device(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

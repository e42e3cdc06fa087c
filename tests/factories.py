from __future__ import annotations

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
    way ``POST /api/v1/auth/token/`` issues one."""
    from assessments.services.tokens import token_issue

    _instance, secret = token_issue(actor=user)
    return secret

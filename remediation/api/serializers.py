"""Shapes of the remediation API; rules live in ``remediation.services``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from rest_framework import serializers

from remediation.choices import ActionSource, ActionStatus
from remediation.models import Action, PlanAcceptance


class ItemRefSerializer(serializers.Serializer[Any]):
    checklist = serializers.SlugField(max_length=80)
    item = serializers.CharField(max_length=40)


class ActionSerializer(serializers.ModelSerializer[Action]):
    owner_name = serializers.CharField(source="owner.get_username", read_only=True)
    closing_evidence_name = serializers.CharField(
        source="closing_evidence.name", read_only=True, default=None
    )
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = [
            "id",
            "system",
            "raised_in",
            "title",
            "source",
            "items",
            "owner",
            "owner_name",
            "due_date",
            "status",
            "status_reason",
            "closing_note",
            "closing_evidence",
            "closing_evidence_name",
            "closed_at",
            "overdue",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_overdue(self, action: Action) -> bool:
        return action.is_open and action.due_date < self.context["today"]


class ActionCreateSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    source = serializers.ChoiceField(choices=ActionSource.choices)  # type: ignore[assignment]  # a field named "source"
    items = ItemRefSerializer(many=True, allow_empty=False)
    owner = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.all())
    due_date = serializers.DateField()


class ActionUpdateSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200, required=False)
    items = ItemRefSerializer(many=True, allow_empty=False, required=False)
    owner = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(), required=False
    )
    due_date = serializers.DateField(required=False)


class ActionStatusSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    closing_note = serializers.CharField(required=False, allow_blank=True, default="")
    closing_evidence = serializers.IntegerField(required=False, allow_null=True, default=None)


class PlanAcceptSerializer(serializers.Serializer[Any]):
    actions = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class PlanAcceptanceSerializer(serializers.ModelSerializer[PlanAcceptance]):
    accepted_by_name = serializers.CharField(source="accepted_by.get_username", read_only=True)

    class Meta:
        model = PlanAcceptance
        fields = [
            "assessment",
            "actions",
            "comment",
            "accepted_by",
            "accepted_by_name",
            "accepted_at",
        ]
        read_only_fields = fields

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from checklists.models import ChecklistVersion
from checklists.selectors import document_for


class TextSerializer(serializers.Serializer[dict[str, str]]):
    ko = serializers.CharField()
    en = serializers.CharField()


class ChecklistSummarySerializer(serializers.ModelSerializer[ChecklistVersion]):
    slug = serializers.CharField(source="checklist.slug")
    kind = serializers.CharField(source="checklist.kind")
    domain = serializers.CharField(source="checklist.domain")
    title = TextSerializer()

    class Meta:
        model = ChecklistVersion
        fields = ["slug", "version", "kind", "domain", "title", "item_count"]
        read_only_fields = fields


class ChecklistDocumentSerializer(serializers.ModelSerializer[ChecklistVersion]):
    """A whole version: the summary, its hash, and the validated document's fields."""

    slug = serializers.CharField(source="checklist.slug")
    kind = serializers.CharField(source="checklist.kind")
    domain = serializers.SerializerMethodField()
    target = serializers.SerializerMethodField()
    title = TextSerializer()
    description = serializers.SerializerMethodField()
    sources = serializers.SerializerMethodField()
    sections = serializers.SerializerMethodField()

    class Meta:
        model = ChecklistVersion
        fields = [
            "slug",
            "version",
            "kind",
            "domain",
            "target",
            "title",
            "description",
            "sources",
            "item_count",
            "sha256",
            "published_at",
            "sections",
        ]
        read_only_fields = fields

    @property
    def _documents(self) -> dict[int, dict[str, Any]]:
        if not hasattr(self, "_document_cache"):
            self._document_cache: dict[int, dict[str, Any]] = {}
        return self._document_cache

    def _document(self, version: ChecklistVersion) -> dict[str, Any]:
        cache: dict[int, dict[str, Any]] = self._documents
        if version.pk not in cache:
            cache[version.pk] = document_for(version).model_dump(
                mode="json", by_alias=True, exclude_none=True
            )
        document: dict[str, Any] = cache[version.pk]
        return document

    def get_domain(self, version: ChecklistVersion) -> str:
        return str(self._document(version)["domain"])

    def get_target(self, version: ChecklistVersion) -> str:
        return str(self._document(version)["target"])

    @extend_schema_field(TextSerializer)
    def get_description(self, version: ChecklistVersion) -> dict[str, str]:
        description: dict[str, str] = self._document(version)["description"]
        return description

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_sources(self, version: ChecklistVersion) -> list[str]:
        sources: list[str] = self._document(version)["sources"]
        return sources

    @extend_schema_field(
        serializers.ListField(
            child=serializers.DictField(),
            help_text="Sections with their items, as in checklists/content/schema.json.",
        )
    )
    def get_sections(self, version: ChecklistVersion) -> list[dict[str, Any]]:
        sections: list[dict[str, Any]] = self._document(version)["sections"]
        return sections

"""Read-only checklist catalog. Content is public: anyone may read it, signed in or not."""

from __future__ import annotations

from django.http import Http404
from rest_framework import generics
from rest_framework.permissions import AllowAny

from checklists.api.serializers import ChecklistDocumentSerializer, ChecklistSummarySerializer
from checklists.models import ChecklistVersion
from checklists.selectors import latest_versions, version_for


class ChecklistListView(generics.ListAPIView[ChecklistVersion]):
    """The newest published version of each checklist."""

    permission_classes = [AllowAny]
    serializer_class = ChecklistSummarySerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return latest_versions()


class ChecklistDetailView(generics.RetrieveAPIView[ChecklistVersion]):
    """The whole document of a checklist's newest version, or of the version named in the URL."""

    permission_classes = [AllowAny]
    serializer_class = ChecklistDocumentSerializer
    queryset = ChecklistVersion.objects.none()

    def get_object(self) -> ChecklistVersion:
        found = version_for(slug=self.kwargs["slug"], version=self.kwargs.get("version"))
        if found is None:
            raise Http404
        return found

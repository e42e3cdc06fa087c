from django.urls import path

from checklists.api import views

urlpatterns = [
    path("checklists/", views.ChecklistListView.as_view(), name="api-checklist-list"),
    path(
        "checklists/<slug:slug>/", views.ChecklistDetailView.as_view(), name="api-checklist-detail"
    ),
    path(
        "checklists/<slug:slug>/versions/<str:version>/",
        views.ChecklistDetailView.as_view(),
        name="api-checklist-version",
    ),
]

from django.urls import path

from checklists import views

urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("checklists/<slug:slug>/", views.checklist_detail, name="checklist-detail"),
]

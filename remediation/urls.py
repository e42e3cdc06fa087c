from django.urls import path

from remediation import views

urlpatterns = [
    path("app/assessments/<int:pk>/actions/", views.plan, name="remediation-plan"),
    path(
        "app/assessments/<int:pk>/actions/<int:action_pk>/",
        views.action_detail,
        name="remediation-action",
    ),
    path("app/assessments/<int:pk>/actions/accept/", views.plan_accept, name="remediation-accept"),
    path(
        "app/assessments/<int:pk>/actions/export.xlsx",
        views.plan_export,
        name="remediation-export",
    ),
]

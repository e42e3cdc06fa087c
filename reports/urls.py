from django.urls import path

from reports import views

urlpatterns = [
    path("app/assessments/<int:pk>/reports/", views.assessment_reports, name="assessment-reports"),
    path("verify/", views.verify_lookup, name="report-verify-lookup"),
    path("verify/<str:code>/", views.verify_page, name="report-verify-page"),
]

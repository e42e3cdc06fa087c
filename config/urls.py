from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from assessments.api.auth import TokenDetailView, TokenListView, TokenRevokeAllView, TokenView
from config.health import healthz
from reports import views as report_views

api_v1: list[URLPattern | URLResolver] = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("auth/tokens/", TokenListView.as_view(), name="api-tokens"),
    path("auth/tokens/revoke-all/", TokenRevokeAllView.as_view(), name="api-tokens-revoke-all"),
    path("auth/tokens/<str:token>/", TokenDetailView.as_view(), name="api-token-detail"),
    path("", include("checklists.api.urls")),
    path("", include("assessments.api.urls")),
    path("", include("remediation.api.urls")),
    path("", include("reports.api.urls")),
    path("", include("portfolio.api.urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file, so the CSP needs no inline code.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("assessments.urls")),
    path("", include("remediation.urls")),
    path("", include("notifications.urls")),
    path("", include("portfolio.urls")),
    path(
        "app/assessments/<int:pk>/reports/",
        report_views.assessment_reports,
        name="assessment-reports",
    ),
    path("verify/", include("reports.urls")),
    path("", include("checklists.urls")),
]

handler404 = "config.errors.not_found"
handler500 = "config.errors.server_error"

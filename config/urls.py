"""The project's URLs: only ``include()``s of each app's url modules (and the admin and the API
schema, which belong to no app). A route lives in the url module of the app that owns its view."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

api_v1: list[URLPattern | URLResolver] = [
    path("", include("checklists.api.urls")),
    path("", include("assessments.api.urls")),
    path("", include("remediation.api.urls")),
    path("", include("reports.api.urls")),
    path("", include("portfolio.api.urls")),
]

urlpatterns = [
    path("", include("core.urls")),
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
    path("", include("reports.urls")),
    path("", include("checklists.urls")),
]

handler404 = "core.errors.not_found"
handler500 = "core.errors.server_error"

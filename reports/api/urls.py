from django.urls import path
from rest_framework.routers import SimpleRouter

from reports.api import views

router = SimpleRouter()
router.register("reports", views.ReportViewSet, basename="report")

urlpatterns = [
    *router.urls,
    path("verify/<str:code>/", views.VerifyView.as_view(), name="report-verify"),
]

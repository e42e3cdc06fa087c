from django.urls import path
from rest_framework.routers import SimpleRouter

from assessments.api import views

router = SimpleRouter()
router.register("evaluation-bodies", views.EvaluationBodyViewSet, basename="evaluation-body")
router.register("systems", views.SystemViewSet, basename="system")
router.register("assessments", views.AssessmentViewSet, basename="assessment")
router.register(
    r"organizations/(?P<organization_pk>\d+)/members", views.MemberViewSet, basename="member"
)
router.register(
    r"organizations/(?P<organization_pk>\d+)/invitations",
    views.InvitationViewSet,
    basename="invitation",
)

urlpatterns = [path("me/", views.MeView.as_view(), name="api-me"), *router.urls]

from django.urls import path
from rest_framework.routers import SimpleRouter

from assessments.api import team, views
from assessments.api.auth import TokenDetailView, TokenListView, TokenRevokeAllView, TokenView

router = SimpleRouter()
router.register("evaluation-bodies", views.EvaluationBodyViewSet, basename="evaluation-body")
router.register("systems", views.SystemViewSet, basename="system")
router.register("assessments", views.AssessmentViewSet, basename="assessment")
router.register(
    r"organizations/(?P<organization_pk>\d+)/members", team.MemberViewSet, basename="member"
)
router.register(
    r"organizations/(?P<organization_pk>\d+)/invitations",
    team.InvitationViewSet,
    basename="invitation",
)

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("auth/tokens/", TokenListView.as_view(), name="api-tokens"),
    path("auth/tokens/revoke-all/", TokenRevokeAllView.as_view(), name="api-tokens-revoke-all"),
    path("auth/tokens/<str:token>/", TokenDetailView.as_view(), name="api-token-detail"),
    path("me/", team.MeView.as_view(), name="api-me"),
    *router.urls,
]

from rest_framework.routers import SimpleRouter

from remediation.api import views

router = SimpleRouter()
router.register(
    r"assessments/(?P<assessment_pk>\d+)/actions", views.ActionViewSet, basename="action"
)

urlpatterns = router.urls

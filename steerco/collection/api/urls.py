from rest_framework.routers import DefaultRouter

from .views import PeriodViewSet, SubmissionViewSet, TargetViewSet, ValueViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("values", ValueViewSet, basename="value")
router.register("targets", TargetViewSet, basename="target")
router.register("periods", PeriodViewSet, basename="period")
router.register("submissions", SubmissionViewSet, basename="submission")

urlpatterns = router.urls

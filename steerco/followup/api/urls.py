from rest_framework.routers import DefaultRouter

from .views import ChangeReasonViewSet, NoticeViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("change-reasons", ChangeReasonViewSet, basename="api-change-reason")
router.register("notices", NoticeViewSet, basename="api-notice")

urlpatterns = router.urls

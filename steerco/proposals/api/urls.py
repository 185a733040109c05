from rest_framework.routers import DefaultRouter

from .views import ItemViewSet, MeetingViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("proposals", ItemViewSet, basename="api-proposal")
router.register("meetings", MeetingViewSet, basename="api-meeting")

urlpatterns = router.urls

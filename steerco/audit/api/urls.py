from rest_framework.routers import DefaultRouter

from .views import ChangeReasonViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("change-reasons", ChangeReasonViewSet, basename="api-change-reason")

urlpatterns = router.urls

from rest_framework.routers import DefaultRouter

from .views import DraftCheckViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("draft-checks", DraftCheckViewSet, basename="api-draft-check")

urlpatterns = router.urls

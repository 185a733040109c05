from rest_framework.routers import DefaultRouter

from .views import ApiTokenViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("tokens", ApiTokenViewSet, basename="api-tokens")

urlpatterns = router.urls

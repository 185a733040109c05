from django.urls import path
from rest_framework.routers import DefaultRouter

from .views import CaseViewSet, StatisticsView

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("inspection/cases", CaseViewSet, basename="inspection-case")

urlpatterns = [
    path("inspection/statistics/", StatisticsView.as_view(), name="inspection-statistics"),
    *router.urls,
]

from rest_framework.routers import DefaultRouter

from .views import (
    EvidenceViewSet,
    FindingViewSet,
    ParIndexViewSet,
    ParScoreViewSet,
    PlanViewSet,
    SuggestionViewSet,
    WeakOrganisationViewSet,
)

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("findings", FindingViewSet, basename="api-finding")
router.register("evidence", EvidenceViewSet, basename="api-evidence")
router.register("weak-organisations", WeakOrganisationViewSet, basename="api-weak-organisation")
router.register("deep-reviews", SuggestionViewSet, basename="api-deep-review")

router.register("remediation-plans", PlanViewSet, basename="api-remediation-plan")
router.register("par-indexes", ParIndexViewSet, basename="api-par-index")
router.register("par-scores", ParScoreViewSet, basename="api-par-score")

urlpatterns = router.urls

"""The REST API: the OpenAPI schema, and each app's endpoints under /api/.

An app adds its endpoints in ``steerco/<app>/api/urls.py`` and one include
line here.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from steerco.accounts.api.views import ObtainApiToken

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("token/", ObtainApiToken.as_view(), name="api-token"),
    path("", include("steerco.accounts.api.urls")),
    path("", include("steerco.units.api.urls")),
    path("", include("steerco.collection.api.urls")),
    path("", include("steerco.inspection.api.urls")),
    path("", include("steerco.findings.api.urls")),
    path("", include("steerco.audit.api.urls")),
    path("", include("steerco.followup.api.urls")),
    path("", include("steerco.indicators.api.urls")),
    path("", include("steerco.proposals.api.urls")),
    path("", include("steerco.drafts.api.urls")),
]

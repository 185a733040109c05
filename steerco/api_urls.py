"""The REST API: the OpenAPI schema, and each app's endpoints under /api/.

An app adds its endpoints in ``steerco/<app>/api/urls.py`` and one include
line here.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.authtoken.views import obtain_auth_token

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("token/", obtain_auth_token, name="api-token"),
    path("", include("steerco.units.api.urls")),
    path("", include("steerco.collection.api.urls")),
    path("", include("steerco.inspection.api.urls")),
    path("", include("steerco.findings.api.urls")),
    path("", include("steerco.audit.api.urls")),
    path("", include("steerco.followup.api.urls")),
    path("", include("steerco.proposals.api.urls")),
]

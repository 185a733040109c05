from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from steerco.dashboard.views import home

admin.site.site_header = _("steerco administration")
admin.site.site_title = _("steerco")

urlpatterns = [
    path("", home, name="home"),
    path("dashboard/", include("steerco.dashboard.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("collection/", include("steerco.collection.urls")),
    path("api/", include("steerco.api_urls")),
    path("findings/", include("steerco.findings.urls")),
    path("reports/", include("steerco.reports.urls")),
    path("admin/", admin.site.urls),
    path("inspection/", include("steerco.inspection.urls")),
    path("inbox/", include("steerco.followup.urls")),
    path("proposals/", include("steerco.proposals.urls")),
    path("jobs/", include("steerco.jobs.urls")),
]

handler500 = "steerco.ops.views.server_error"

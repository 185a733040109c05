from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "steerco.dashboard"
    verbose_name = _("Dashboard")

    def ready(self):
        from . import providers, registers  # noqa: F401  (register the attention providers)

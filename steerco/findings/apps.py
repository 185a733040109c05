from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FindingsConfig(AppConfig):
    name = "steerco.findings"
    verbose_name = _("Findings and remediation")

    def ready(self):
        # Registers the findings.* computations for computed indicators.
        from . import computed  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "steerco.inspection"
    verbose_name = _("Inspection and discipline")

    def ready(self) -> None:
        from . import checks, computed  # noqa: F401 - registers the system check and the computations

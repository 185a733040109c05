from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "steerco.indicators"
    verbose_name = _("Indicators and data")

    def ready(self):
        from steerco.units.models.unit import register_figure_check

        from . import forms, jobs  # noqa: F401  (register the pack export job and its form)
        from .models import DataValue, Target

        @register_figure_check
        def values_or_targets_below(path: str) -> bool:
            return any(m.objects.filter(unit__path__startswith=path).exists() for m in (DataValue, Target))

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from steerco.lib.numbers import fmt_exact

from .fields import VALUE_FIELD_ARGS, PeriodField


class Target(models.Model):
    """A target assigned to a unit for a period (often a year, compared
    pro rata with a half-year's value)."""

    indicator = models.ForeignKey(
        "indicators.Indicator", verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="targets")
    period = PeriodField(_("period"))
    value = models.DecimalField(_("target"), **VALUE_FIELD_ARGS)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [models.UniqueConstraint(fields=["indicator", "unit", "period"], name="target_unique")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit.code} {self.period}: {fmt_exact(self.value, get_language() or 'vi')}"

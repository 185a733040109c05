from decimal import Decimal

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from steerco.lib.numbers import fmt_exact

from .fields import VALUE_FIELD_ARGS, PeriodField
from .indicator import IndicatorKind


class TargetKind(models.TextChoices):
    """An ``amount`` is reached by adding up (members admitted: 311 in
    2023, half of it due by mid-year; a unit without one of its own is
    judged against what its sub-units hold). A ``threshold`` is a level to
    stay on the right side of, in the indicator's direction ("≤ 2,0 %" of
    late dossiers, "≥ 90 %" of units), not pro rata; it applies to the unit
    that holds it and to the units below it that hold none of their own.
    A ratio's target is always a threshold, in percent."""

    AMOUNT = "amount", _("amount to reach")
    THRESHOLD = "threshold", _("threshold")


def default_kind(indicator) -> str:
    """A ratio's target is a threshold; any other's an amount unless said."""
    return TargetKind.THRESHOLD if indicator.kind == IndicatorKind.RATIO else TargetKind.AMOUNT


def target_problem(indicator, kind: str, value: Decimal) -> str | None:
    """The one check of a target, shared by the pack, the API and the
    admin so that each accepts exactly the same targets. A message, or
    None when the target is sound."""
    if kind not in TargetKind.values:
        return gettext_now("A target is an amount or a threshold.")
    if value < 0:
        return gettext_now("A target cannot be negative.")
    if indicator.kind == IndicatorKind.RATIO and kind != TargetKind.THRESHOLD:
        return gettext_now(
            "%(code)s is a ratio: its target is a threshold (a percentage to stay above or below), not an amount."
        ) % {"code": indicator.code}
    if kind == TargetKind.THRESHOLD and indicator.kind != IndicatorKind.COUNT and value > 100:
        return gettext_now("A threshold on a percentage lies between 0 and 100 (%(code)s: %(value)s).") % {
            "code": indicator.code,
            "value": value,
        }
    return None


class Target(models.Model):
    """A target assigned to a unit for a period (often a year, compared
    pro rata with a half-year's value), or a threshold (``TargetKind``)."""

    indicator = models.ForeignKey(
        "indicators.Indicator", verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="targets")
    period = PeriodField(_("period"))
    value = models.DecimalField(_("target"), **VALUE_FIELD_ARGS)
    kind = models.CharField(_("kind of target"), max_length=10, choices=TargetKind.choices, default=TargetKind.AMOUNT)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [models.UniqueConstraint(fields=["indicator", "unit", "period"], name="target_unique")]

    def __str__(self) -> str:
        sign = self.sign if self.kind == TargetKind.THRESHOLD else ""
        value = fmt_exact(self.value, get_language() or "vi")
        return f"{self.indicator.code} {self.unit.code} {self.period}: {sign}{value}"

    @property
    def sign(self) -> str:
        """≤ for a threshold on a lower-is-better indicator, else ≥."""
        return "≤ " if self.indicator.direction == "lower" else "≥ "

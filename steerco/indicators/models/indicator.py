"""Indicators: what is measured, and how it adds up.

A count is entered and summed; a yes/no is entered and rolls up to n of N
units; a ratio is never entered: it is the sum of its numerator indicator
over the sum of its denominator indicator, computed at every level.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from steerco.i18n import pick
from steerco.lib.rollup import Aggregation as CoreAggregation
from steerco.lib.status import check_profile


class IndicatorKind(models.TextChoices):
    COUNT = "count", _("Count")
    RATIO = "ratio", _("Ratio")
    YESNO = "yesno", _("Yes/no")


class Aggregation(models.TextChoices):
    SUM = CoreAggregation.SUM.value, _("Sum")
    RATIO_OF_SUMS = CoreAggregation.RATIO_OF_SUMS.value, _("Ratio of sums")
    COUNT_YES = CoreAggregation.COUNT_YES.value, _("Count of yes answers")


# The only aggregation that makes sense for each kind. A mean of ratios is
# deliberately absent.
AGGREGATION_FOR_KIND = {
    IndicatorKind.COUNT: Aggregation.SUM,
    IndicatorKind.RATIO: Aggregation.RATIO_OF_SUMS,
    IndicatorKind.YESNO: Aggregation.COUNT_YES,
}


class TimeAggregation(models.TextChoices):
    """How sub-periods make a longer period: flows add up (members
    admitted), stocks take the latest value (procedures in force)."""

    SUM = "sum", _("Sum of sub-periods (a flow)")
    LAST = "last", _("Latest sub-period (a stock)")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Indicator(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme", verbose_name=_("programme"), on_delete=models.CASCADE, related_name="indicators"
    )
    task_group = models.ForeignKey(
        "programmes.TaskGroup",
        verbose_name=_("task group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    code = models.CharField(_("code"), max_length=40)
    name_vi = models.TextField(_("name (Vietnamese)"))
    name_en = models.TextField(_("name (English)"), blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=IndicatorKind.choices)
    aggregation = models.CharField(_("aggregation rule"), max_length=16, choices=Aggregation.choices)
    time_aggregation = models.CharField(
        _("over time"), max_length=8, choices=TimeAggregation.choices, default=TimeAggregation.SUM
    )
    numerator = models.ForeignKey(
        "self", verbose_name=_("numerator"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    denominator = models.ForeignKey(
        "self", verbose_name=_("denominator"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    computed_by = models.CharField(
        _("computed by"),
        max_length=60,
        blank=True,
        help_text=_("Key of the computation that counts this indicator from a register; empty when it is entered."),
    )
    measure_vi = models.CharField(_("unit of measure (Vietnamese)"), max_length=60, blank=True)
    measure_en = models.CharField(_("unit of measure (English)"), max_length=60, blank=True)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER)
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    seasonal_profile = models.JSONField(
        _("seasonal profile"),
        default=dict,
        blank=True,
        help_text=_(
            'Share of an annual target due by the end of each part of the year, e.g. {"H1": 0.35}; '
            "empty for a linear pro-rata expectation."
        ),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    note = models.TextField(_("note"), blank=True)
    synonyms = models.JSONField(
        _("synonyms"),
        default=list,
        blank=True,
        help_text=_('Other words a written report may use for this indicator, e.g. "kết nạp".'),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["programme", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="indicator_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} – {self.name_vi}"

    def name(self, language: str | None = None) -> str:
        return pick(self.name_vi, self.name_en, language)

    def measure(self, language: str | None = None) -> str:
        return pick(self.measure_vi, self.measure_en, language)

    @property
    def is_entered(self) -> bool:
        """Counts and yes/no answers are entered, unless a register computes
        them; ratios are always computed from their parts."""
        return self.kind != IndicatorKind.RATIO and not self.computed_by

    def clean(self) -> None:
        errors = {}
        expected = AGGREGATION_FOR_KIND.get(self.kind)
        if not self.aggregation and expected:
            self.aggregation = expected
        elif expected and self.aggregation != expected:
            errors["aggregation"] = _("A %(kind)s indicator aggregates by %(rule)s.") % {
                "kind": self.get_kind_display(),
                "rule": expected.label,
            }
        if self.kind == IndicatorKind.RATIO:
            if not (self.numerator_id and self.denominator_id):
                errors["numerator"] = _("A ratio needs a numerator and a denominator indicator.")
            else:
                for side in ("numerator", "denominator"):
                    part = getattr(self, side)
                    if part.kind != IndicatorKind.COUNT:
                        errors[side] = _("The parts of a ratio must be count indicators.")
                    elif part.programme_id != self.programme_id:
                        errors[side] = _("The parts of a ratio must belong to the same programme.")
        elif self.numerator_id or self.denominator_id:
            errors["numerator"] = _("Only a ratio has a numerator and a denominator.")
        if self.computed_by and self.kind == IndicatorKind.RATIO:
            errors["computed_by"] = _("A ratio is computed from its parts; compute the parts instead.")
        if self.seasonal_profile:
            problems = check_profile(self.seasonal_profile)
            if problems:
                errors["seasonal_profile"] = "; ".join(problems)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.aggregation:
            self.aggregation = AGGREGATION_FOR_KIND[IndicatorKind(self.kind)]
        super().save(*args, **kwargs)

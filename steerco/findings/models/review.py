"""Deep self-review suggestions and the remediation plans that answer them.

A higher body (the city or a district Standing Committee) suggests, on a
date, that a unit and/or its leaders review themselves in depth. The unit
answers with a remediation plan; the plan holds its findings and causes.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from steerco.indicators.models.fields import PeriodField

from .base import optional_link


class DeepReviewSuggestion(models.Model):
    suggested_by = models.ForeignKey(
        "units.Unit",
        verbose_name=_("suggested by"),
        on_delete=models.PROTECT,
        related_name="suggestions_made",
        help_text=_("The higher body whose Standing Committee made the suggestion"),
    )
    addressed_to = models.ForeignKey(
        "units.Unit", verbose_name=_("addressed to"), on_delete=models.PROTECT, related_name="suggestions_received"
    )
    to_leaders = models.BooleanField(_("addressed to its leaders too"), default=False)
    review_year = models.PositiveSmallIntegerField(
        _("year reviewed"), help_text=_("The year under review; the remediation is followed up in the next year")
    )
    suggested_on = models.DateField(_("suggested on"))
    subject = models.TextField(pgettext_lazy("finding", "subject"), blank=True)
    created_by = optional_link(settings.AUTH_USER_MODEL, _("created by"), related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deep self-review suggestion")
        verbose_name_plural = _("deep self-review suggestions")
        ordering = ["-suggested_on", "addressed_to__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["suggested_by", "addressed_to", "review_year"], name="suggestion_unique_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.suggested_by.code} → {self.addressed_to.code} ({self.review_year})"

    @property
    def follow_up_year(self) -> int:
        return self.review_year + 1


class RemediationPlan(models.Model):
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(_("title"), max_length=300)
    period = PeriodField(_("period covered"), help_text=_("e.g. 2023-H2"))
    adopted_on = models.DateField(_("adopted on"))
    suggestion = optional_link(DeepReviewSuggestion, _("answers the suggestion"), "plans")
    programme = optional_link("programmes.Programme", _("programme"), "remediation_plans")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("remediation plan")
        verbose_name_plural = _("remediation plans")
        ordering = ["-adopted_on"]

    def __str__(self) -> str:
        return f"{self.unit.code}: {self.title} ({self.period})"

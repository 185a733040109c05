"""What one unit owes in a round, and where its report stands in the
workflow (draft → submitted → approved, or returned with a comment)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from steerco.indicators.models import ValueStatus


class Submission(models.Model):
    round = models.ForeignKey(
        "collection.ReportingRound",
        verbose_name=_("reporting round"),
        on_delete=models.CASCADE,
        related_name="submissions",
    )
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="submissions")
    status = models.CharField(_("status"), max_length=10, choices=ValueStatus.choices, default=ValueStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True, help_text=_("Why it was returned or reopened"))
    override_reason = models.TextField(
        _("override reason"), blank=True, help_text=_("Why it was approved before every sub-unit was approved")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["round", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="submission_unique_unit")]

    def __str__(self) -> str:
        return f"{self.round} {self.unit.code}: {self.get_status_display()}"

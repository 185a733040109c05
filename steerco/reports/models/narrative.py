"""The secretariat's own words in a report: the free text of sections II
and III (an assessment, the directions it gives), written on the draft page.
Everything else in the report is computed from records and cannot be
edited; this text is kept with its history (who changed it, when, for
which draft) and goes into every later draft and the issued DOCX/PDF."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Narrative(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme", verbose_name=_("programme"), on_delete=models.CASCADE, related_name="report_narratives"
    )
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=9)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    limitations = models.TextField(_("free text of section II"), blank=True)
    tasks = models.TextField(_("free text of section III"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("free text of a report")
        verbose_name_plural = _("free texts of reports")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "unit", "period", "language"], name="narrative_once_per_report"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.unit} {self.period} {self.language}"

    def paragraphs(self, key: str) -> list[str]:
        """Section ``key``'s free text ("II" or "III"), one paragraph a line."""
        text = self.limitations if key == "II" else self.tasks
        return [line.strip() for line in text.splitlines() if line.strip()]

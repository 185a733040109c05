"""The log of periodic jobs started: one row per (kind, day), so that of
several workers watching the clock only one starts the day's job."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    kind = models.CharField(_("kind"), max_length=80)
    day = models.DateField(_("day"))
    job = models.OneToOneField(
        "jobs.Job", verbose_name=_("job"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        ordering = ["-day", "kind"]
        constraints = [models.UniqueConstraint(fields=["kind", "day"], name="scheduled_run_once_a_day")]

    def __str__(self) -> str:
        return f"{self.kind} {self.day.isoformat()}"

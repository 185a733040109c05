"""Weak grassroots organisations to consolidate, year by year.

At the end of a year the list is closed: every organisation not yet
consolidated is carried into the next year's list, linked to the entry it
came from (``services.carryover.close_year``). A closed year is read-only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class WeakOrganisation(models.Model):
    organisation = models.ForeignKey(
        "units.Unit", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="weak_listings"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    reason = models.TextField(_("reason"), blank=True)
    carried_from = models.OneToOneField(
        "self",
        verbose_name=_("carried over from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_to",
    )
    consolidated_on = models.DateField(_("consolidated on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("weak organisation")
        verbose_name_plural = _("weak organisations")
        ordering = ["year", "organisation__path"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="weakorg_once_a_year")]

    def __str__(self) -> str:
        return f"{self.organisation.code} ({self.year})"

    @property
    def is_carried_over(self) -> bool:
        return self.carried_from_id is not None


class YearClosing(models.Model):
    """A year's list closed for a unit's subtree."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    closed_at = models.DateTimeField(pgettext_lazy("year", "closed at"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("year", "closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    carried = models.PositiveIntegerField(_("carried over"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("year closing")
        verbose_name_plural = _("year closings")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="yearclosing_unique")]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.year}"

"""Data values with their provenance: who entered them, when, from where."""

from django.conf import settings
from django.db import models, router, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from steerco.lib.numbers import fmt_exact

from .fields import VALUE_FIELD_ARGS, PeriodField
from .subtree import DataValueQuerySet, apply_change, rows_by_pk


class ValueStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


class Source(models.TextChoices):
    FORM = "form", _("Web form")
    EXCEL = "excel", _("Excel upload")
    API = "api", _("API")
    IMPORT = "import", _("Command-line import")
    DEMO = "demo", _("Demo data")


class DataValue(models.Model):
    indicator = models.ForeignKey(
        "indicators.Indicator", verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="values"
    )
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="values")
    period = PeriodField(_("period"))
    value = models.DecimalField(_("value"), **VALUE_FIELD_ARGS)
    status = models.CharField(_("status"), max_length=10, choices=ValueStatus.choices, default=ValueStatus.DRAFT)

    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    source_ref = models.CharField(
        _("source reference"), max_length=200, blank=True, help_text=_("File name, request or batch it came from")
    )
    synthetic = models.BooleanField(
        _("synthetic"), default=False, help_text=_("Spread from a published total for the demo; not a real unit figure")
    )
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    # Every write through the ORM keeps SubtreeSum exact (models/subtree.py).
    objects = DataValueQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("data value")
        verbose_name_plural = _("data values")
        constraints = [models.UniqueConstraint(fields=["indicator", "unit", "period"], name="value_unique")]
        indexes = [
            models.Index(fields=["period", "indicator"], name="value_period_indicator"),
            # Covers a roll-up read (docs/performance.md): one indicator and
            # period, approved values, their units and amounts, from the
            # index alone.
            models.Index(fields=["indicator", "period", "status", "unit", "value"], name="value_rollup_cover"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit.code} {self.period}: {fmt_exact(self.value, get_language() or 'vi')}"

    def save(self, *args, **kwargs):
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            before = rows_by_pk(type(self), using, [self.pk], lock=True) if self.pk is not None else {}
            super().save(*args, **kwargs)
            after = rows_by_pk(type(self), using, [self.pk])
            apply_change(using, before.values(), after.values())

    save.alters_data = True

    def delete(self, *args, **kwargs):
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            before = rows_by_pk(type(self), using, [self.pk], lock=True)
            deleted = super().delete(*args, **kwargs)
            apply_change(using, before.values(), [])
        return deleted

    delete.alters_data = True

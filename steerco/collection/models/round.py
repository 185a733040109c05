"""A reporting round: the secretariat opens a period of a programme for
data entry, with a deadline and a data window that need not follow the
calendar (a half-year may count events from 15 December to 14 June)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from steerco.indicators.models.fields import PeriodField
from steerco.lib.periods import Period


class RoundState(models.TextChoices):
    OPEN = "open", pgettext_lazy("round", "Open")
    CLOSED = "closed", _("Closed")


class ReportingRound(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme", verbose_name=_("programme"), on_delete=models.CASCADE, related_name="rounds"
    )
    period = PeriodField(_("period"))
    data_from = models.DateField(_("data from"), help_text=_("First day of the data window (cut-off)"))
    data_to = models.DateField(_("data to"), help_text=_("Last day of the data window (cut-off)"))
    deadline = models.DateField(pgettext_lazy("submission", "deadline"))
    state = models.CharField(_("state"), max_length=8, choices=RoundState.choices, default=RoundState.OPEN)
    unit_types = models.CharField(
        _("reporting unit types"),
        max_length=200,
        blank=True,
        help_text=_("Comma-separated unit types that owe a report; empty means every unit below the owner"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    closes_at_deadline = models.BooleanField(
        _("closes at the deadline"),
        default=False,
        help_text=_("Close the round automatically on the day after its deadline"),
    )
    closed_at = models.DateTimeField(pgettext_lazy("round", "closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("round", "closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the round closed by itself at its deadline"),
    )
    close_reason = models.TextField(
        _("reason for closing"), blank=True, help_text=_("Required when some units have not submitted")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        ordering = ["programme", "-period"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "period"], name="round_unique_period"),
            models.CheckConstraint(condition=models.Q(data_to__gte=models.F("data_from")), name="round_window_order"),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} {self.period}"

    @property
    def is_open(self) -> bool:
        return self.state == RoundState.OPEN

    @property
    def types(self) -> list[str]:
        return [t.strip() for t in self.unit_types.split(",") if t.strip()]

    def is_late(self, today=None) -> bool:
        return (today or timezone.localdate()) > self.deadline

    @staticmethod
    def default_window(period_code: str, programme=None):
        """The period's days under the programme's reporting window (the
        calendar without a programme)."""
        period = Period.parse(period_code)
        if programme is None:
            return period.start, period.end
        span = programme.reporting_window.span(period)
        return span.start, span.end

    def clean(self) -> None:
        if self.data_from and self.data_to and self.data_to < self.data_from:
            raise ValidationError({"data_to": _("The data window ends before it starts.")})
        if self.deadline and self.data_to and self.deadline < self.data_to:
            raise ValidationError({"deadline": _("The deadline falls before the end of the data window.")})

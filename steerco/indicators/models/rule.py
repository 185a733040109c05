from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from steerco.lib.rules import Rule, RuleSyntaxError

from .fields import PeriodField


class Severity(models.TextChoices):
    """An ``error`` blocks the write; a ``warning`` lets it through, says so
    where the value was entered and is kept (``RuleWarning``) until the
    values agree with the rule again or someone acknowledges it."""

    ERROR = "error", pgettext_lazy("rule severity", "Error")
    WARNING = "warning", pgettext_lazy("rule severity", "Warning")


class ValidationRule(models.Model):
    """A rule over one unit's values in one period, e.g.
    ``KT_DV_KL <= KT_DV_VP``: disciplined members never exceed members
    found in violation."""

    programme = models.ForeignKey(
        "programmes.Programme", verbose_name=_("programme"), on_delete=models.CASCADE, related_name="rules"
    )
    code = models.CharField(_("code"), max_length=40)
    expression = models.CharField(_("rule"), max_length=200)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices, default=Severity.ERROR)
    message_vi = models.TextField(_("message (Vietnamese)"), blank=True)
    message_en = models.TextField(_("message (English)"), blank=True)

    class Meta:
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")
        ordering = ["programme", "code"]
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="rule_unique_code")]

    def __str__(self) -> str:
        return f"{self.code}: {self.expression}"

    @property
    def rule(self) -> Rule:
        return Rule.parse(self.expression)

    def clean(self) -> None:
        try:
            rule = self.rule
        except RuleSyntaxError as err:
            raise ValidationError({"expression": str(err)}) from None
        known = set(self.programme.indicators.values_list("code", flat=True)) if self.programme_id else set()
        unknown = [code for code in rule.operands() if code not in known]
        if unknown:
            raise ValidationError({"expression": _("Unknown indicators: %(codes)s") % {"codes": ", ".join(unknown)}})


class RuleWarning(models.Model):
    """A warning rule broken by a unit's values in a period, recorded with
    the values that broke it. It goes when the values agree with the rule
    again; it can be acknowledged with a stated reason (committees
    discipline outside the inspection pipeline, so "disciplined <= in
    violation" is legitimately broken)."""

    rule = models.ForeignKey(
        ValidationRule, verbose_name=_("validation rule"), on_delete=models.CASCADE, related_name="warnings"
    )
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    period = PeriodField(_("period"))
    values = models.JSONField(_("values"), default=dict, help_text=_("The values that broke the rule."))
    message_vi = models.TextField(_("message (Vietnamese)"))
    message_en = models.TextField(_("message (English)"), blank=True)
    raised_at = models.DateTimeField(_("raised at"), auto_now=True)
    acknowledged_reason = models.TextField(_("reason for accepting"), blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rule warning")
        verbose_name_plural = _("rule warnings")
        ordering = ["period", "unit__path", "rule__code"]
        constraints = [models.UniqueConstraint(fields=["rule", "unit", "period"], name="rule_warning_unique")]

    def __str__(self) -> str:
        return self.message_vi

    @property
    def acknowledged(self) -> bool:
        return bool(self.acknowledged_reason)

    def message(self, language: str = "vi") -> str:
        return self.message_en if language.startswith("en") and self.message_en else self.message_vi

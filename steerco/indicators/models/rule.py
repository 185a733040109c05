from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from steerco.lib.rules import Rule, RuleSyntaxError


class ValidationRule(models.Model):
    """A rule over one unit's values in one period, e.g.
    ``KT_DV_KL <= KT_DV_VP``: disciplined members never exceed members
    found in violation."""

    programme = models.ForeignKey(
        "programmes.Programme", verbose_name=_("programme"), on_delete=models.CASCADE, related_name="rules"
    )
    code = models.CharField(_("code"), max_length=40)
    expression = models.CharField(_("rule"), max_length=200)
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

"""Successor links keep history across restructuring: a merge, a split or a
rename ends one unit and starts another, and comparisons follow the link."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class SuccessionKind(models.TextChoices):
    MERGE = "merge", _("Merge")
    SPLIT = "split", _("Split")
    RENAME = "rename", _("Rename")


class Succession(models.Model):
    predecessor = models.ForeignKey(
        "units.Unit", verbose_name=_("predecessor"), on_delete=models.PROTECT, related_name="successor_links"
    )
    successor = models.ForeignKey(
        "units.Unit", verbose_name=_("successor"), on_delete=models.PROTECT, related_name="predecessor_links"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SuccessionKind.choices)
    effective = models.DateField(_("effective date"))
    share = models.DecimalField(
        _("share"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("For a split: the share of the predecessor's figures that the successor takes (0 to 1)."),
    )
    primary = models.BooleanField(
        _("primary successor"), default=False, help_text=_("For a split without shares: takes the whole history.")
    )

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique_pair"),
            models.CheckConstraint(condition=~models.Q(predecessor=models.F("successor")), name="succession_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor.code} → {self.successor.code} ({self.get_kind_display()})"

    def clean(self) -> None:
        if self.share is not None and not 0 < self.share <= 1:
            raise ValidationError({"share": _("A share lies between 0 and 1.")})

"""The PAR index (Chỉ số cải cách hành chính): areas → criteria →
sub-criteria, each with a maximum (a criterion's, an area's and the
index's add up from the level below: ``services.par.recompute_maxima``),
and the scores a unit receives each
year on the sub-criteria. A criterion "loses points" when the sum of its
sub-criteria scores is below its maximum; each such criterion becomes a
finding (see ``services.par``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from steerco.i18n import pick

SCORE_ARGS = {"max_digits": 7, "decimal_places": 2}


class ParIndex(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    maximum = models.DecimalField(_("maximum"), default=0, **SCORE_ARGS)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("PAR index")
        verbose_name_plural = _("PAR indexes")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class _Node(models.Model):
    code = models.CharField(_("code"), max_length=20)
    name_vi = models.TextField(_("name (Vietnamese)"))
    name_en = models.TextField(_("name (English)"), blank=True)
    maximum = models.DecimalField(_("maximum"), default=0, **SCORE_ARGS)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.code}. {self.name_vi}"

    def name(self, language: str | None = None) -> str:
        return pick(self.name_vi, self.name_en, language)


class ParArea(_Node):
    index = models.ForeignKey(ParIndex, verbose_name=_("PAR index"), on_delete=models.CASCADE, related_name="areas")

    history = HistoricalRecords()

    class Meta(_Node.Meta):
        verbose_name = _("PAR-index area")
        verbose_name_plural = _("PAR-index areas")
        constraints = [models.UniqueConstraint(fields=["index", "code"], name="pararea_unique_code")]


class ParCriterion(_Node):
    area = models.ForeignKey(ParArea, verbose_name=_("area"), on_delete=models.CASCADE, related_name="criteria")

    history = HistoricalRecords()

    class Meta(_Node.Meta):
        verbose_name = _("PAR-index criterion")
        verbose_name_plural = _("PAR-index criteria")
        constraints = [models.UniqueConstraint(fields=["area", "code"], name="parcriterion_unique_code")]


class ParSubCriterion(_Node):
    criterion = models.ForeignKey(
        ParCriterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="sub_criteria"
    )

    history = HistoricalRecords()

    class Meta(_Node.Meta):
        verbose_name = _("PAR-index sub-criterion")
        verbose_name_plural = _("PAR-index sub-criteria")
        constraints = [models.UniqueConstraint(fields=["criterion", "code"], name="parsubcriterion_unique_code")]


class ParScore(models.Model):
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    sub_criterion = models.ForeignKey(
        ParSubCriterion, verbose_name=_("sub-criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    score = models.DecimalField(_("score"), **SCORE_ARGS)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("PAR-index score")
        verbose_name_plural = _("PAR-index scores")
        ordering = ["unit__path", "year", "sub_criterion"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "sub_criterion"], name="parscore_unique"),
            models.CheckConstraint(condition=models.Q(score__gte=0), name="parscore_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.year} {self.sub_criterion.code}: {self.score}"

    def clean(self) -> None:
        if self.sub_criterion_id and self.score is not None and self.score > self.sub_criterion.maximum:
            raise ValidationError(
                {
                    "score": _("The score is above the sub-criterion's maximum of %(max)s.")
                    % {"max": self.sub_criterion.maximum}
                }
            )

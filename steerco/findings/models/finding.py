"""Findings (hạn chế, tồn tại) and their causes (nguyên nhân).

A finding belongs to an owner unit, says where it came from (a deep
self-review, a PAR-index criterion that lost points, an inspection, a
self-assessment, a steering committee conclusion) and what it concerns
(programme, task group, indicator). Its status follows the workflow in
``status.py``; every change is kept by simple-history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from steerco.units.models import Unit

from .status import Status


class FindingSource(models.TextChoices):
    DEEP_REVIEW = "deep_review", _("Deep self-review suggestion")
    PAR_CRITERION = "par_criterion", _("PAR-index criterion that lost points")
    INSPECTION = "inspection", _("Inspection conclusion")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    STEERING = "steering", _("Steering committee conclusion")


class FindingQuerySet(models.QuerySet):
    def visible_to(self, user) -> FindingQuerySet:
        """Findings of the units the user may see, and nothing else."""
        return self.in_units(Unit.objects.visible_to(user))

    def in_units(self, units) -> FindingQuerySet:
        """Findings owned by ``units``: a queryset built on
        ``Unit.objects.visible_to``, when a view already holds one."""
        return self.filter(owner__in=units)


class Finding(models.Model):
    owner = models.ForeignKey("units.Unit", verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("limitation"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=FindingSource.choices)
    suggestion = models.ForeignKey(
        "findings.DeepReviewSuggestion",
        verbose_name=_("deep self-review suggestion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    par_criterion = models.ForeignKey(
        "findings.ParCriterion",
        verbose_name=_("PAR-index criterion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    par_year = models.PositiveSmallIntegerField(_("PAR-index year"), null=True, blank=True)
    source_ref = models.CharField(
        _("source reference"), max_length=200, blank=True, help_text=_("Conclusion or document number, if any")
    )
    plan = models.ForeignKey(
        "findings.RemediationPlan",
        verbose_name=_("remediation plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    task_group = models.ForeignKey(
        "programmes.TaskGroup",
        verbose_name=_("task group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    indicator = models.ForeignKey(
        "indicators.Indicator",
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    identified_on = models.DateField(_("identified on"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    remediated_on = models.DateField(_("remediated on"), null=True, blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last update"), auto_now=True)

    history = HistoricalRecords()
    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["owner__path", "identified_on", "pk"]
        indexes = [models.Index(fields=["source", "status"], name="finding_source_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "par_criterion", "par_year"],
                condition=models.Q(par_criterion__isnull=False),
                name="finding_one_per_par_criterion_year",
            ),
            models.CheckConstraint(
                condition=models.Q(remediated_on__isnull=True) | models.Q(remediated_on__gte=models.F("identified_on")),
                name="finding_remediated_after_identified",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.status in (Status.REMEDIATED, Status.VERIFIED)

    def clean(self) -> None:
        errors = {}
        if self.source == FindingSource.PAR_CRITERION and not (self.par_criterion_id and self.par_year):
            errors["par_criterion"] = _("A finding from the PAR index names the criterion and the year.")
        if self.source == FindingSource.DEEP_REVIEW and not self.suggestion_id:
            errors["suggestion"] = _("A finding from a deep self-review names the suggestion.")
        if self.deadline and self.identified_on and self.deadline < self.identified_on:
            errors["deadline"] = _("The deadline is before the date the finding was identified.")
        if self.task_group_id and self.programme_id and self.task_group.programme_id != self.programme_id:
            errors["task_group"] = _("The task group belongs to another programme.")
        if self.indicator_id and self.programme_id and self.indicator.programme_id != self.programme_id:
            errors["indicator"] = _("The indicator belongs to another programme.")
        if errors:
            raise ValidationError(errors)


class CauseKind(models.TextChoices):
    SUBJECTIVE = "subjective", _("Subjective")
    OBJECTIVE = "objective", _("Objective")


class Cause(models.Model):
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(
        "findings.RemediationPlan",
        verbose_name=_("remediation plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="causes",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=CauseKind.choices, default=CauseKind.SUBJECTIVE)
    description = models.TextField(_("cause"))
    findings = models.ManyToManyField(Finding, verbose_name=_("findings"), blank=True, related_name="causes")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cause")
        verbose_name_plural = _("causes")
        ordering = ["unit__path", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

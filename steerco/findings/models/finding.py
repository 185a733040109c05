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

from .base import Remediable, optional_link


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


class Finding(Remediable):
    title = models.CharField(_("limitation"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=FindingSource.choices)
    suggestion = optional_link(
        "findings.DeepReviewSuggestion", _("deep self-review suggestion"), "findings", models.PROTECT
    )
    par_criterion = optional_link("findings.ParCriterion", _("PAR-index criterion"), "findings", models.PROTECT)
    par_year = models.PositiveSmallIntegerField(_("PAR-index year"), null=True, blank=True)
    source_ref = models.CharField(
        _("source reference"), max_length=200, blank=True, help_text=_("Conclusion or document number, if any")
    )
    plan = optional_link("findings.RemediationPlan", _("remediation plan"), "findings")
    programme = optional_link("programmes.Programme", _("programme"))
    task_group = optional_link("programmes.TaskGroup", _("task group"))
    indicator = optional_link("indicators.Indicator", _("indicator"))
    identified_on = models.DateField(_("identified on"))
    created_by = optional_link(settings.AUTH_USER_MODEL, _("created by"))

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
        if self.owner_id and self.identified_on:
            from steerco.units import validity

            refused = validity.day_refusal(self.owner, self.identified_on)
            if refused:
                errors["owner"] = refused
        if self.plan_id and self.owner_id and self.plan.unit_id != self.owner_id:
            errors["plan"] = _("The plan belongs to another unit.")
        if errors:
            raise ValidationError(errors)


# What a user fills in when recording a finding (form and API alike); the
# workflow fields change only through services.workflow.
INPUT_FIELDS = [
    "owner",
    "title",
    "description",
    "source",
    "suggestion",
    "par_criterion",
    "par_year",
    "source_ref",
    "plan",
    "programme",
    "task_group",
    "indicator",
    "identified_on",
    "deadline",
]


class CauseKind(models.TextChoices):
    SUBJECTIVE = "subjective", _("Subjective")
    OBJECTIVE = "objective", _("Objective")


class Cause(models.Model):
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    plan = optional_link("findings.RemediationPlan", _("remediation plan"), "causes")
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

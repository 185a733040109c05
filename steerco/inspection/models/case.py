"""An inspection case: a commission inspects an organisation or a member on
signs of violation, concludes, and decides on discipline.

The stage rules live in ``steerco.inspection.stages``; the moves are made
by ``steerco.inspection.services`` only. The database constraints below
repeat the shape of each stage so no write, from any path, can leave a case
in a state the rules do not know.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..stages import DECIDED_STAGES, FORMS_FOR, DisciplineForm, Stage, StageError, Subject, check_form


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> CaseQuerySet:
        """The one way to load cases: those opened by a commission in the
        user's inspection jurisdiction (``scope.jurisdiction``)."""
        from ..scope import jurisdiction

        return self.filter(commission__in=jurisdiction(user))

    def owned_by(self, user) -> CaseQuerySet:
        """The cases the user may move on: those of their own commission."""
        from ..scope import own_commissions

        return self.visible_to(user).filter(commission__in=own_commissions(user))


def _form_valid_for_subject() -> Q:
    valid = Q(discipline_form="")
    for subject, forms in FORMS_FOR.items():
        valid |= Q(subject=subject, discipline_form__in=[f.value for f in forms])
    return valid


class Case(models.Model):
    code = models.CharField(
        _("case code"),
        max_length=60,
        unique=True,
        help_text=_("Identifies the case, and the member in it, without their name."),
    )
    commission = models.ForeignKey(
        "units.Unit",
        verbose_name=_("inspection commission"),
        on_delete=models.PROTECT,
        related_name="inspection_cases",
        help_text=_("The commission (or the committee it serves) that opened the case."),
    )
    subject = models.CharField(_("subject"), max_length=24, choices=Subject.choices)
    subject_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("organisation inspected"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections_as_subject",
    )
    stage = models.CharField(_("stage"), max_length=24, choices=Stage.choices, default=Stage.INSPECTING)
    opened_on = models.DateField(_("opened on"))
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    decided_on = models.DateField(_("discipline decided on"), null=True, blank=True)
    discipline_form = models.CharField(
        _("form of discipline"), max_length=16, choices=DisciplineForm.choices, blank=True, default=""
    )
    synthetic = models.BooleanField(_("synthetic (demo)"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.SET_NULL, null=True, blank=True
    )

    history = HistoricalRecords()
    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection case")
        verbose_name_plural = _("inspection cases")
        ordering = ["-opened_on", "code"]
        indexes = [
            models.Index(fields=["commission", "opened_on"]),
            models.Index(fields=["concluded_on"]),
            models.Index(fields=["decided_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(subject=Subject.ORGANISATION) | Q(subject_unit__isnull=False),
                name="case_organisation_has_unit",
            ),
            models.CheckConstraint(
                condition=~Q(stage=Stage.INSPECTING) | Q(concluded_on__isnull=True, decided_on__isnull=True),
                name="case_inspecting_has_no_later_dates",
            ),
            models.CheckConstraint(
                condition=Q(stage=Stage.INSPECTING) | Q(concluded_on__isnull=False),
                name="case_concluded_has_date",
            ),
            models.CheckConstraint(
                condition=Q(stage__in=DECIDED_STAGES, decided_on__isnull=False)
                | (~Q(stage__in=DECIDED_STAGES) & Q(decided_on__isnull=True)),
                name="case_decided_iff_decision_date",
            ),
            models.CheckConstraint(
                condition=(Q(stage=Stage.DISCIPLINED) & ~Q(discipline_form=""))
                | (~Q(stage=Stage.DISCIPLINED) & Q(discipline_form="")),
                name="case_form_iff_disciplined",
            ),
            models.CheckConstraint(condition=_form_valid_for_subject(), name="case_form_valid_for_subject"),
            models.CheckConstraint(
                condition=Q(concluded_on__isnull=True) | Q(concluded_on__gte=F("opened_on")),
                name="case_concluded_after_opened",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("concluded_on")),
                name="case_decided_after_concluded",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_member_case(self) -> bool:
        return self.subject != Subject.ORGANISATION

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.subject == Subject.ORGANISATION and not self.subject_unit_id:
            errors["subject_unit"] = _("Name the organisation inspected.")
        if self.concluded_on and self.opened_on and self.concluded_on < self.opened_on:
            errors["concluded_on"] = _("The conclusion cannot come before the case was opened.")
        if self.decided_on and self.concluded_on and self.decided_on < self.concluded_on:
            errors["decided_on"] = _("The decision cannot come before the conclusion.")
        if self.stage == Stage.DISCIPLINED:
            try:
                check_form(self.subject, self.discipline_form)
            except StageError as e:
                errors["discipline_form"] = str(e)
        if errors:
            raise ValidationError(errors)

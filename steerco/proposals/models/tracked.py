"""What difficulties, proposals and meeting conclusions share: a body that
answers (a unit, or a named body), a deadline, the answer, and the raiser's
acceptance or dispute. States follow ``flow``; every change is kept by
simple-history (on the concrete models)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .. import flow
from .status import Status


def optional_link(to: str, label, related_name: str = "+", on_delete=models.SET_NULL) -> models.ForeignKey:
    return models.ForeignKey(
        to, verbose_name=label, null=True, blank=True, on_delete=on_delete, related_name=related_name
    )


class Tracked(models.Model):
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RAISED)
    body_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("answering body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A commission, office or department that is a unit"),
    )
    body_name = models.CharField(
        _("answering body (name)"), max_length=200, blank=True, help_text=_("A body that is not a unit")
    )
    deadline = models.DateField(pgettext_lazy("proposals", "deadline"), null=True, blank=True)
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    first_answered_on = models.DateField(_("first answered on"), null=True, blank=True)
    answered_by = optional_link(settings.AUTH_USER_MODEL, _("answered by"))
    dispute_reason = models.TextField(_("why it is still unresolved"), blank=True)
    disputed_on = models.DateField(_("disputed on"), null=True, blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last update"), auto_now=True)

    class Meta:
        abstract = True

    def body_label(self, language: str | None = None) -> str:
        if self.body_unit_id:
            return self.body_unit.name(language)
        return self.body_name

    def is_overdue(self, today) -> bool:
        return flow.is_overdue(self.status, self.deadline, today)

    @property
    def timeliness(self) -> str | None:
        return flow.timeliness(self.deadline, self.first_answered_on)


def dates_of(obj) -> dict:
    """The dates ``flow.state_on`` reads."""
    return {
        "assigned_on": obj.assigned_on,
        "first_answered_on": obj.first_answered_on,
        "answered_on": obj.answered_on,
        "disputed_on": obj.disputed_on,
        "resolved_on": obj.resolved_on,
    }

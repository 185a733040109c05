"""What findings and remediation actions share: an owner unit, a deadline
and the workflow state (see ``status.py``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .status import DONE, Status


def optional_link(to: str, label, related_name: str = "+", on_delete=models.SET_NULL) -> models.ForeignKey:
    """A link that may be empty and is cut, not cascaded, when its target goes."""
    return models.ForeignKey(
        to, verbose_name=label, null=True, blank=True, on_delete=on_delete, related_name=related_name
    )


class Remediable(models.Model):
    owner = models.ForeignKey("units.Unit", verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField(pgettext_lazy("remediation", "deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    # When work started (the move to in progress): an item on the books,
    # started and not yet remediated is "under review" (đang rà soát).
    started_on = models.DateField(_("started on"), null=True, blank=True)
    remediated_on = models.DateField(_("remediated on"), null=True, blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    # When it was closed as no longer relevant: from then on it is neither
    # open nor overdue (reports dated earlier still count it).
    closed_on = models.DateField(_("closed as no longer relevant on"), null=True, blank=True)
    verified_by = optional_link(settings.AUTH_USER_MODEL, _("verified by"))
    updated_at = models.DateTimeField(_("last update"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_done(self) -> bool:
        return self.status in DONE

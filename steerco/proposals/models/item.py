"""Difficulties and obstacles (khó khăn, vướng mắc) and proposals (kiến
nghị, đề xuất) that a unit raises to a level above it, for a programme and
a period, and the files attached to them."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from steerco.units.models import Unit

from .tracked import Tracked, optional_link


class Kind(models.TextChoices):
    DIFFICULTY = "difficulty", _("Difficulty or obstacle")
    PROPOSAL = "proposal", _("Proposal")


class ItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> ItemQuerySet:
        """Items raised by, addressed to or assigned to a unit the user may
        see, and nothing else."""
        return self.in_units(Unit.objects.visible_to(user))

    def in_units(self, units) -> ItemQuerySet:
        return self.filter(Q(raised_by__in=units) | Q(addressed_to__in=units) | Q(body_unit__in=units))


class Item(Tracked):
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PROPOSAL)
    raised_by = models.ForeignKey(Unit, verbose_name=_("raised by"), on_delete=models.PROTECT, related_name="+")
    addressed_to = models.ForeignKey(
        Unit, verbose_name=pgettext_lazy("proposals", "addressed to"), on_delete=models.PROTECT, related_name="+"
    )
    programme = models.ForeignKey(
        "programmes.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(pgettext_lazy("proposals", "period"), max_length=9)
    subject = models.CharField(pgettext_lazy("proposals", "subject"), max_length=200)
    text = models.TextField(_("text"))
    task_group = optional_link("programmes.TaskGroup", _("task group"))
    indicator = optional_link("indicators.Indicator", _("indicator"))
    raised_on = models.DateField(_("raised on"))
    raised_by_user = optional_link(settings.AUTH_USER_MODEL, _("raised by (person)"))
    finding = optional_link("findings.Finding", _("became the finding"))
    task = optional_link("programmes.Task", _("became the task"))

    history = HistoricalRecords()
    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("difficulty or proposal")
        verbose_name_plural = _("difficulties and proposals")
        ordering = ["raised_on", "pk"]
        indexes = [models.Index(fields=["programme", "status"], name="proposal_programme_status")]

    def __str__(self) -> str:
        return self.subject

    def addressed_above(self) -> bool:
        above, below = self.addressed_to.path, self.raised_by.path
        return below.startswith(above) and below != above

    def clean(self) -> None:
        errors = {}
        if self.raised_by_id and self.addressed_to_id and not self.addressed_above():
            errors["addressed_to"] = _("Address it to a level above the unit that raises it.")
        if self.task_group_id and self.programme_id and self.task_group.programme_id != self.programme_id:
            errors["task_group"] = _("The task group belongs to another programme.")
        if self.indicator_id and self.programme_id and self.indicator.programme_id != self.programme_id:
            errors["indicator"] = _("The indicator belongs to another programme.")
        if errors:
            raise ValidationError(errors)


# What a raiser fills in (form and API alike); the rest moves through the services.
INPUT_FIELDS = [
    "kind",
    "raised_by",
    "addressed_to",
    "programme",
    "period",
    "subject",
    "text",
    "task_group",
    "indicator",
]


def attachment_path(instance: Attachment, filename: str) -> str:
    """A generated name: the user's file name and path are never used."""
    suffix = PurePath(filename).suffix.lower()
    return f"proposals/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = optional_link(settings.AUTH_USER_MODEL, _("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

"""Reasons for changing what was agreed.

``ChangeReason`` is the configurable list (kept in the admin); a
``StatedReason`` is one use of it: who changed what, from what to what, the
reason chosen and the words added. The same text goes into the changed
record's simple-history row, so the history pages show it too.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class ReasonKind(models.TextChoices):
    TARGET = "target", _("Change of a target")
    REOPEN = "reopen", _("Reopening an approved report")
    DEADLINE = "deadline", _("Moving a remediation deadline")
    NOT_RELEVANT = "not_relevant", _("Closing a finding as no longer relevant")
    UNUSUAL = "unusual", _("Confirming an unusual value")


class ChangeReasonQuerySet(models.QuerySet):
    def for_kind(self, kind: str):
        """Active reasons offered for ``kind`` (an empty ``kinds`` offers a
        reason for every kind)."""
        return self.filter(active=True).filter(models.Q(kinds="") | models.Q(kinds__contains=kind))


class ChangeReason(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    label_vi = models.CharField(_("label (Vietnamese)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200, blank=True)
    kinds = models.CharField(
        _("applies to"),
        max_length=100,
        blank=True,
        help_text=_(
            "Comma-separated: target, reopen, deadline, not_relevant, unusual; empty means every kind of change"
        ),
    )
    active = models.BooleanField(pgettext_lazy("reason kind", "active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ChangeReasonQuerySet.as_manager()

    class Meta:
        db_table = "followup_changereason"  # kept from when the reasons lived in followup
        verbose_name = _("reason for a change")
        verbose_name_plural = _("reasons for changes")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.label()

    def label(self) -> str:
        if (get_language() or "vi").startswith("en") and self.label_en:
            return self.label_en
        return self.label_vi


class StatedReason(models.Model):
    kind = models.CharField(_("kind of change"), max_length=16, choices=ReasonKind.choices)
    reason = models.ForeignKey(ChangeReason, verbose_name=_("reason"), on_delete=models.PROTECT, related_name="uses")
    text = models.TextField(_("explanation"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    period = models.CharField(_("period"), max_length=20, blank=True)
    record_type = models.CharField(_("record type"), max_length=60)
    record_id = models.PositiveBigIntegerField(_("record"))
    record_label = models.CharField(_("what"), max_length=300)
    before = models.CharField(_("before"), max_length=100, blank=True)
    after = models.CharField(_("after"), max_length=100, blank=True)

    class Meta:
        db_table = "followup_statedreason"  # kept from when the reasons lived in followup
        verbose_name = _("stated reason")
        verbose_name_plural = _("stated reasons")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["record_type", "record_id"], name="stated_reason_record")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.reason} – {self.text[:60]}"

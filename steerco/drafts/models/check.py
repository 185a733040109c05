"""A draft checked against the records, kept with its result: who checked
it, for which programme, unit and period, the file, the machine-readable
result and the annotated copy. A check made from a unit's submission is
linked to it, so the approver sees it before approving."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DraftCheck(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme", verbose_name=_("programme"), on_delete=models.CASCADE, related_name="draft_checks"
    )
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=20)
    submission = models.ForeignKey(
        "collection.Submission",
        verbose_name=_("submission"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="draft_checks",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=8)
    content = models.BinaryField(_("draft as received"))
    annotated = models.BinaryField(_("annotated copy (DOCX)"), blank=True, default=b"")
    result = models.JSONField(_("result"), default=dict)
    checked = models.PositiveIntegerField(_("figures checked"), default=0)
    problems = models.PositiveIntegerField(_("problems"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("checked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("draft check")
        verbose_name_plural = _("draft checks")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["submission", "-created_at"], name="draftcheck_submission")]

    def __str__(self) -> str:
        return f"{self.file_name} – {self.unit_id} {self.period}"

    @property
    def counts(self) -> dict[str, int]:
        return self.result.get("counts", {})

"""Remediation actions and the evidence that they were carried out.

Evidence files live under MEDIA_ROOT with generated names; the name the
user gave is kept only as a label for the download. They are never
served as static files: the download view checks the user's scope.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import Remediable, optional_link


class RemediationAction(Remediable):
    finding = models.ForeignKey(
        "findings.Finding", verbose_name=_("finding"), on_delete=models.CASCADE, related_name="actions"
    )
    description = models.TextField(_("action"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("remediation action")
        verbose_name_plural = _("remediation actions")
        ordering = ["finding", "deadline", "pk"]

    def __str__(self) -> str:
        return self.description[:80]


def evidence_path(instance: Evidence, filename: str) -> str:
    """A generated name: the user's file name and path are never used."""
    suffix = PurePath(filename).suffix.lower()
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    finding = models.ForeignKey(
        "findings.Finding", verbose_name=_("finding"), on_delete=models.PROTECT, related_name="evidence"
    )
    action = optional_link(RemediationAction, _("remediation action"), "evidence", models.PROTECT)
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = optional_link(settings.AUTH_USER_MODEL, _("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

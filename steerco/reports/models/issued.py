"""Issued reports: frozen, numbered snapshots. The files are stored as
they were rendered, with their SHA-256, so a download years later returns
the very bytes that were signed, whatever has happened to the data since."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportFormat(models.TextChoices):
    DOCX = "docx", "DOCX (Word)"
    PDF = "pdf", "PDF"
    XLSX = "xlsx", _("XLSX (Excel annex)")
    HTML = "html", "HTML"


CONTENT_TYPES = {
    ReportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ReportFormat.PDF: "application/pdf",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.HTML: "text/html; charset=utf-8",
}


class IssuedReport(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="issued_reports"
    )
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=9)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    issuer_code = models.CharField(_("issuer code"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("number and symbol"), max_length=60)
    report_date = models.DateField(
        _("report date"), null=True, blank=True, help_text=_("The date printed on the report (Ngày báo cáo)")
    )
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("issued report")
        verbose_name_plural = _("issued reports")
        ordering = ["-issued_at", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["issuer_code", "year", "number"], name="issuedreport_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.symbol} ({self.programme.code}, {self.period})"


class IssuedFile(models.Model):
    report = models.ForeignKey(IssuedReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="files")
    format = models.CharField(_("format"), max_length=4, choices=ReportFormat.choices)
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))

    class Meta:
        verbose_name = _("issued file")
        verbose_name_plural = _("issued files")
        ordering = ["report", "format"]
        constraints = [models.UniqueConstraint(fields=["report", "format"], name="issuedfile_unique_format")]

    def __str__(self) -> str:
        return f"{self.report.symbol}.{self.format}"

    @staticmethod
    def digest(content: bytes) -> str:
        return hashlib.sha256(content).hexdigest()

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[ReportFormat(self.format)]

    @property
    def intact(self) -> bool:
        return self.digest(bytes(self.content)) == self.sha256

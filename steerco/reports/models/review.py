"""Drafts of the report under review: every version kept with its text and
figures, the reviewers of a programme, and their comments on a section or
a figure."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Reviewer(models.Model):
    """Who reviews a programme's draft: the committee's standing members,
    the head of the secretariat (the role is a label, as the profile says)."""

    programme = models.ForeignKey(
        "programmes.Programme", verbose_name=_("programme"), on_delete=models.CASCADE, related_name="report_reviewers"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE)
    role = models.CharField(_("role"), max_length=120, help_text=_("e.g. Standing member of the committee"))

    class Meta:
        verbose_name = _("report reviewer")
        verbose_name_plural = _("report reviewers")
        constraints = [models.UniqueConstraint(fields=["programme", "user"], name="reviewer_once_per_programme")]

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class Draft(models.Model):
    """One version of the report before issuing: its text section by section
    and its figures, as the reviewers saw them."""

    programme = models.ForeignKey(
        "programmes.Programme", verbose_name=_("programme"), on_delete=models.CASCADE, related_name="report_drafts"
    )
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=9)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    version = models.PositiveIntegerField(_("version"))
    report_date = models.DateField(_("report date"))
    sections = models.JSONField(_("text"), default=list, help_text=_("[{key, title, lines}] per section"))
    figures = models.JSONField(_("figures"), default=dict, help_text=_("{indicator code: [name, figure]}"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("report draft")
        verbose_name_plural = _("report drafts")
        ordering = ["programme", "period", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "unit", "period", "language", "version"], name="draft_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} {self.period} v{self.version}"


class DraftComment(models.Model):
    draft = models.ForeignKey(Draft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="comments")
    target = models.CharField(_("on"), max_length=60, help_text=_("section:KEY or figure:CODE"))
    text = models.TextField(pgettext_lazy("review", "comment"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=pgettext_lazy("review", "by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on a draft")
        verbose_name_plural = _("comments on drafts")
        ordering = ["draft", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.draft} – {self.target}"

"""Who receives a programme's issued report ("Nơi nhận" with an account or
an address), and what was sent to whom and when: the register of issued
reports."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Recipient(models.Model):
    """A line of "Nơi nhận" that can be reached: a person with an account
    (inbox, and email if they have an address and want it) or an address."""

    programme = models.ForeignKey(
        "programmes.Programme", verbose_name=_("programme"), on_delete=models.CASCADE, related_name="report_recipients"
    )
    label = models.CharField(
        pgettext_lazy("delivery", "recipient"),
        max_length=200,
        help_text=_("As in “Nơi nhận”, e.g. Thường trực Thành ủy"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    email = models.EmailField(_("email address"), blank=True, help_text=_("Used when there is no account"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("report recipient")
        verbose_name_plural = _("report recipients")
        ordering = ["programme", "order", "pk"]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.user_id is None and not self.email:
            raise ValidationError(_("Give the recipient an account or an email address."))


class Delivery(models.Model):
    """One issued report sent to one recipient: the receipt."""

    report = models.ForeignKey(
        "reports.IssuedReport", verbose_name=_("report"), on_delete=models.CASCADE, related_name="deliveries"
    )
    label = models.CharField(pgettext_lazy("delivery", "recipient"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(_("email address"), blank=True)
    sent_at = models.DateTimeField(_("sent at"))
    in_inbox = models.BooleanField(_("in the inbox"), default=False)
    emailed = models.BooleanField(_("emailed with the PDF"), default=False)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["report", "pk"]

    def __str__(self) -> str:
        return f"{self.report.symbol} → {self.label}"

"""The person behind a member case: name and identity number, encrypted at
rest, kept apart from the case so that lists, statistics and exports never
load them. Every read goes through ``services.read_person``, which checks
the scope and writes a ``PersonView``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .fields import EncryptedTextField


class PersonRecord(models.Model):
    case = models.OneToOneField(
        "inspection.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="person"
    )
    full_name = EncryptedTextField(_("full name"))
    identity_number = EncryptedTextField(_("identity number"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person in a case")
        verbose_name_plural = _("persons in cases")

    def __str__(self) -> str:
        # Never the name: this string reaches logs, the admin and errors.
        return f"{self.case_id and self.case.code}"

    def __repr__(self) -> str:
        return f"<PersonRecord case={self.case_id}>"


class Channel(models.TextChoices):
    WEB = "web", _("Web page")
    API = "api", _("API")
    ADMIN = "admin", _("Administration")


class PersonView(models.Model):
    """One read of a person's record: who, when, through what."""

    case = models.ForeignKey(
        "inspection.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="person_views"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    viewed_at = models.DateTimeField(_("viewed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("view of a person's record")
        verbose_name_plural = _("views of persons' records")
        ordering = ["-viewed_at"]

    def __str__(self) -> str:
        return f"{self.user} – {self.case_id} – {self.viewed_at:%Y-%m-%d %H:%M}"

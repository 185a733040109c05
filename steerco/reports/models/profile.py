"""Who issues a programme's report and how it is laid out: the heading
block, the signature, the recipients, and which indicators the report
treats as limitations or as the plan for the next period."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from steerco.i18n import pick

from ..document import Style


def validate_outline(value) -> None:
    if not isinstance(value, dict):
        raise ValidationError(_("The outline is an object with the keys “limitations” and “plan”."))
    # notes_vi / notes_en: sentences for the report's note on the data
    # (what a demo invents, an estimate the secretariat wants stated).
    unknown = set(value) - {"limitations", "plan", "notes_vi", "notes_en"}
    if unknown:
        raise ValidationError(_("Unknown outline keys: %(keys)s."), params={"keys": ", ".join(sorted(unknown))})
    for key, items in value.items():
        if not isinstance(items, list) or not all(isinstance(i, str | dict) for i in items):
            raise ValidationError(_("“%(key)s” must be a list of indicator codes."), params={"key": key})
        for item in items:
            if key.startswith("notes_") and not isinstance(item, str):
                raise ValidationError(_("“%(key)s” must be a list of indicator codes."), params={"key": key})
            if isinstance(item, dict) and "code" not in item:
                raise ValidationError(_("Each outline entry needs an indicator “code”."))


class ReportProfile(models.Model):
    programme = models.OneToOneField(
        "programmes.Programme", verbose_name=_("programme"), on_delete=models.CASCADE, related_name="report_profile"
    )
    style = models.CharField(
        _("document format"),
        max_length=8,
        choices=[
            (Style.PARTY.value, _("Party (Hướng dẫn 36-HD/VPTW)")),
            (Style.STATE.value, _("State (Nghị định 30/2020)")),
        ],
        default=Style.PARTY.value,
    )
    superior_vi = models.CharField(_("superior body (Vietnamese)"), max_length=200)
    superior_en = models.CharField(_("superior body (English)"), max_length=200, blank=True)
    issuer_vi = models.CharField(_("issuing body (Vietnamese)"), max_length=200)
    issuer_en = models.CharField(_("issuing body (English)"), max_length=200, blank=True)
    issuer_code = models.CharField(
        _("issuer code"), max_length=20, help_text=_("The part after the slash in the number, e.g. BCĐ in 15-BC/BCĐ")
    )
    # No default: a place is the programme's own ("Thanh Hóa, ngày …").
    place_vi = models.CharField(_("place (Vietnamese)"), max_length=60)
    place_en = models.CharField(_("place (English)"), max_length=60, blank=True)
    authority_vi = models.CharField(_("signing authority (Vietnamese)"), max_length=120, default="T/M BAN CHỈ ĐẠO")
    authority_en = models.CharField(
        _("signing authority (English)"), max_length=120, blank=True, default="ON BEHALF OF THE STEERING COMMITTEE"
    )
    position_vi = models.CharField(_("signer's position (Vietnamese)"), max_length=120, default="TRƯỞNG BAN")
    position_en = models.CharField(_("signer's position (English)"), max_length=120, blank=True, default="HEAD")
    signer = models.CharField(_("signer's name"), max_length=120, blank=True)
    recipients_vi = models.TextField(_("recipients (Vietnamese)"), blank=True, help_text=_("One per line"))
    recipients_en = models.TextField(_("recipients (English)"), blank=True, help_text=_("One per line"))
    outline = models.JSONField(
        _("outline"),
        default=dict,
        blank=True,
        validators=[validate_outline],
        help_text=_("Indicator codes for the “limitations” and “plan” sections; the rest are results."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report profile")
        verbose_name_plural = _("report profiles")

    def __str__(self) -> str:
        return f"{self.programme.code} – {self.issuer_vi}"

    def text(self, field: str, language: str | None = None) -> str:
        """The English text when asked for and present, else the Vietnamese."""
        return pick(getattr(self, f"{field}_vi"), getattr(self, f"{field}_en", ""), language)

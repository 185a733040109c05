"""A user's role in a unit. The role applies to the unit's whole subtree;
``Unit.objects.visible_to(user)`` reads these rows and nothing else."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    APPROVER = "approver", _("Approver")
    VIEWER = "viewer", _("Viewer")
    SECRETARIAT = "secretariat", _("Secretariat")
    INSPECTOR = "inspector", _("Inspector")
    ADMIN = "admin", _("Administrator")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit.code}"

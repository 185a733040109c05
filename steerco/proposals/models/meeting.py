"""Steering committee meetings with a lower level: who attends, the brief
that puts the difficulties and proposals first, and the conclusions (kết
luận) sent afterwards as a conclusion notice (thông báo kết luận)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from steerco.lib.numbers import fmt_day
from steerco.units.models import Unit

from .status import Status
from .tracked import Tracked, optional_link


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user) -> MeetingQuerySet:
        """Meetings convened by a unit the user may see, or attended by one."""
        units = Unit.objects.visible_to(user)
        return self.filter(Q(convened_by__in=units) | Q(attending__in=units)).distinct()


class Meeting(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="+"
    )
    convened_by = models.ForeignKey(Unit, verbose_name=_("convened by"), on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    attending = models.ManyToManyField(Unit, verbose_name=_("units attending"), related_name="+")
    decisions = models.TextField(
        _("decisions asked of the meeting"), blank=True, help_text=_("One per line; added to those the brief proposes")
    )
    notice_number = models.PositiveIntegerField(_("notice number"), null=True, blank=True)
    notice_sent_on = models.DateField(_("conclusion notice sent on"), null=True, blank=True)
    created_by = optional_link(settings.AUTH_USER_MODEL, _("created by"))

    history = HistoricalRecords(m2m_fields=[attending])
    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("steering committee meeting")
        verbose_name_plural = _("steering committee meetings")
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.programme.code} {fmt_day(self.held_on)}"


class ConclusionQuerySet(models.QuerySet):
    def visible_to(self, user) -> ConclusionQuerySet:
        units = Unit.objects.visible_to(user)
        return self.filter(Q(meeting__convened_by__in=units) | Q(body_unit__in=units))


class Conclusion(Tracked):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="conclusions"
    )
    text = models.TextField(_("conclusion"))
    item = optional_link("proposals.Item", _("about the item"), "conclusions")

    history = HistoricalRecords()
    objects = ConclusionQuerySet.as_manager()

    class Meta:
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args, **kwargs):
        if self._state.adding and self.status == Status.RAISED:
            self.status = Status.ASSIGNED  # owner and deadline come with it
        super().save(*args, **kwargs)

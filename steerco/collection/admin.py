"""The admin is no second write path. Values, submissions and rounds are
shown read-only: they change on the collection pages, the Excel upload, the
API and ``steerco import``, all through ``services`` with its round,
workflow, rule and reason checks. Targets are edited here, but saved by
``services.set_target``, with the same checks and the same stated reason
(the reason fields are on the form)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from steerco.audit import reasons
from steerco.audit.forms import add_reason_fields, stated_reason
from steerco.audit.models import ReasonKind
from steerco.audit.readonly import ReadOnlyAdminMixin
from steerco.indicators.models import DataValue, Target, TargetKind, default_kind, target_problem

from . import services
from .models import ReportingRound, Submission
from .scope import Scope
from .workflow import Action


class ReadOnlyAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Shown, with its history, and never written here."""


@admin.register(ReportingRound)
class ReportingRoundAdmin(ReadOnlyAdmin):
    """Rounds are opened, closed and moved on the collection pages
    (``services.open_round`` / ``change_round``)."""

    list_display = ["programme", "period", "data_from", "data_to", "deadline", "state"]
    list_filter = ["programme", "state"]


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    """A report's state moves only through the workflow (``services.record``)."""

    list_display = ["round", "unit", "status", "submitted_at", "decided_by", "decided_at"]
    list_filter = ["round", "status"]
    search_fields = ["unit__code", "unit__name_vi"]
    list_select_related = ["round__programme", "unit", "decided_by"]


@admin.register(DataValue)
class DataValueAdmin(ReadOnlyAdmin):
    """Values change only through ``services.record``."""

    list_display = ["indicator", "unit", "period", "value", "status", "source", "synthetic", "entered_by", "entered_at"]
    list_filter = ["period", "status", "source", "synthetic", "indicator__programme"]
    search_fields = ["indicator__code", "unit__code", "unit__name_vi"]
    list_select_related = ["indicator", "unit", "entered_by"]


class TargetAdminForm(forms.ModelForm):
    """Changing an agreed target's value needs a reason from the list; the
    form says so before ``services.set_target`` would refuse."""

    # Declared so that the admin shows them (it lays out the declared
    # fields); add_reason_fields gives them their list.
    reason = forms.CharField(required=False)
    reason_text = forms.CharField(required=False)

    user = None  # set by the admin

    class Meta:
        model = Target
        fields = ["indicator", "unit", "period", "kind", "value", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "kind" in self.fields:
            self.fields["kind"].required = False
            self.fields["kind"].choices = [("", _("(by the indicator: a threshold for a ratio)")), *TargetKind.choices]
        add_reason_fields(self, ReasonKind.TARGET)
        self.agreed_kind = self.instance.kind if self.instance.pk else None

    def changes_agreed_value(self) -> bool:
        if self.instance.pk is None:
            return False
        kind = getattr(self, "cleaned_data", {}).get("kind") or self.agreed_kind
        return "value" in self.changed_data or kind != self.agreed_kind

    def clean(self):
        data = super().clean()
        unit, value = data.get("unit") or (self.instance.unit_id and self.instance.unit), data.get("value")
        if unit and self.user is not None and not Scope(self.user).can(Action.SET_TARGETS, unit):
            raise forms.ValidationError(_("You may not set targets for %(unit)s.") % {"unit": unit.code})
        indicator = data.get("indicator") or (self.instance.indicator_id and self.instance.indicator)
        if indicator and value is not None:
            # the same check as the pack's and the API's
            problem = target_problem(indicator, data.get("kind") or default_kind(indicator), value)
            if problem:
                self.add_error("value", problem)
        if self.changes_agreed_value():
            try:
                reasons.check(ReasonKind.TARGET, stated_reason(self))
            except reasons.ReasonRequired as err:
                self.add_error("reason", str(err))
        return data


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    form = TargetAdminForm
    list_display = ["indicator", "unit", "period", "value"]
    list_filter = ["period", "indicator__programme"]
    search_fields = ["indicator__code", "unit__code", "unit__name_vi"]
    autocomplete_fields = ["unit"]
    list_select_related = ["indicator", "unit"]

    def get_readonly_fields(self, request, obj=None):
        # What a target is about does not change; a different one is a new target.
        return ["indicator", "unit", "period"] if obj is not None else []

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    def save_model(self, request, obj, form, change):
        saved = services.set_target(
            obj.indicator,
            obj.unit,
            obj.period,
            obj.value,
            kind=form.cleaned_data.get("kind") or None,
            note=obj.note,
            reason=stated_reason(form) if change else None,
            source="admin",
            source_ref=f"{request.method} {request.path}",
            acting_user=request.user,
        )
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        return False  # an agreed target is changed with a reason, not removed

from django import forms
from django.contrib import admin
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

from steerco.audit import reasons
from steerco.audit.forms import add_reason_fields, stated_reason
from steerco.audit.history import stamp
from steerco.audit.models import ReasonKind

from .models import DataValue, Indicator, RuleWarning, SubtreeSum, Target, ValidationRule
from .validation import acknowledge


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "kind", "aggregation", "direction", "decimals", "task_group"]
    list_filter = ["programme", "kind", "task_group"]
    search_fields = ["code", "name_vi", "name_en"]
    list_select_related = ["task_group"]
    raw_id_fields = ["numerator", "denominator"]


class TargetAdminForm(forms.ModelForm):
    """Changing an agreed target's value needs a reason from the list."""

    class Meta:
        model = Target
        fields = ["indicator", "unit", "period", "value", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_reason_fields(self, ReasonKind.TARGET)

    def changes_agreed_value(self) -> bool:
        return self.instance.pk is not None and "value" in self.changed_data

    def clean(self):
        data = super().clean()
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

    def save_model(self, request, obj, form, change):
        if change and form.changes_agreed_value():
            why = reasons.state(
                ReasonKind.TARGET,
                stated_reason(form),
                acting_user=request.user,
                record=obj,
                unit=obj.unit,
                programme=obj.indicator.programme,
                period=obj.period,
                before=form.initial.get("value"),
                after=obj.value,
            )
            stamp(obj, acting_user=request.user, reason=why)
        super().save_model(request, obj, form, change)


@admin.register(ValidationRule)
class ValidationRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "expression", "severity", "programme"]
    list_filter = ["programme", "severity"]


class RuleWarningForm(forms.ModelForm):
    """Only the reason is edited: saving it acknowledges the warning."""

    class Meta:
        model = RuleWarning
        fields = ["acknowledged_reason"]

    def clean_acknowledged_reason(self):
        reason = " ".join(self.cleaned_data["acknowledged_reason"].split())
        if not reason:
            raise forms.ValidationError(gettext("Say why the figures are right although the rule is broken."))
        return reason


@admin.register(RuleWarning)
class RuleWarningAdmin(admin.ModelAdmin):
    """Warnings are raised and cleared by the values; here one is
    acknowledged, with a stated reason."""

    form = RuleWarningForm
    list_display = ["period", "unit", "rule", "values", "acknowledged_reason", "acknowledged_by", "raised_at"]
    list_filter = ["period", "rule__programme", "rule"]
    search_fields = ["unit__code", "unit__name_vi", "rule__code", "acknowledged_reason"]
    list_select_related = ["unit", "rule", "acknowledged_by"]
    readonly_fields = ["rule", "unit", "period", "values", "message_vi", "message_en", "raised_at"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        acknowledge(obj, request.user, form.cleaned_data["acknowledged_reason"])


@admin.register(DataValue)
class DataValueAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "unit", "period", "value", "status", "source", "synthetic", "entered_by", "entered_at"]
    list_filter = ["period", "status", "source", "synthetic", "indicator__programme"]
    search_fields = ["indicator__code", "unit__code", "unit__name_vi"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["indicator", "entered_by"]
    list_select_related = ["indicator", "unit", "entered_by"]


@admin.register(SubtreeSum)
class SubtreeSumAdmin(admin.ModelAdmin):
    """Read only: the table is kept by every write of a value and rebuilt by
    ``steerco rollups --rebuild``; an edit here would make it wrong."""

    list_display = ["path", "indicator", "period", "status", "total", "reporting"]
    list_filter = ["status", "period"]
    search_fields = ["path"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

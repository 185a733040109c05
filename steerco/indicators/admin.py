"""Indicators and their rules. Targets and values are in collection's admin,
which writes them through its services (``collection.admin``)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext

from steerco.audit.readonly import ReadOnlyAdminMixin

from .models import Indicator, RuleWarning, SubtreeSum, ValidationRule
from .validation import acknowledge


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "kind", "aggregation", "direction", "decimals", "task_group"]
    list_filter = ["programme", "kind", "task_group"]
    search_fields = ["code", "name_vi", "name_en"]
    list_select_related = ["task_group"]
    raw_id_fields = ["numerator", "denominator"]


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
        acknowledge(obj, form.cleaned_data["acknowledged_reason"], acting_user=request.user)


@admin.register(SubtreeSum)
class SubtreeSumAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read only: the table is kept by every write of a value and rebuilt by
    ``steerco rollups --rebuild``; an edit here would make it wrong."""

    list_display = ["path", "indicator", "period", "status", "total", "reporting"]
    list_filter = ["status", "period"]
    search_fields = ["path"]

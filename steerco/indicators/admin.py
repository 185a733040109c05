from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import DataValue, Indicator, Target, ValidationRule


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "kind", "aggregation", "direction", "decimals", "task_group"]
    list_filter = ["programme", "kind", "task_group"]
    search_fields = ["code", "name_vi", "name_en"]
    list_select_related = ["task_group"]
    raw_id_fields = ["numerator", "denominator"]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "unit", "period", "value"]
    list_filter = ["period", "indicator__programme"]
    search_fields = ["indicator__code", "unit__code", "unit__name_vi"]
    autocomplete_fields = ["unit"]
    list_select_related = ["indicator", "unit"]


@admin.register(ValidationRule)
class ValidationRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "expression", "programme"]
    list_filter = ["programme"]


@admin.register(DataValue)
class DataValueAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "unit", "period", "value", "status", "source", "synthetic", "entered_by", "entered_at"]
    list_filter = ["period", "status", "source", "synthetic", "indicator__programme"]
    search_fields = ["indicator__code", "unit__code", "unit__name_vi"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["indicator", "entered_by"]
    list_select_related = ["indicator", "unit", "entered_by"]

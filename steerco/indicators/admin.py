"""Indicators and their rules. Targets and values are in collection's admin,
which writes them through its services (``collection.admin``)."""

from django.contrib import admin

from .models import Indicator, SubtreeSum, ValidationRule


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "kind", "aggregation", "direction", "decimals", "task_group"]
    list_filter = ["programme", "kind", "task_group"]
    search_fields = ["code", "name_vi", "name_en"]
    list_select_related = ["task_group"]
    raw_id_fields = ["numerator", "denominator"]


@admin.register(ValidationRule)
class ValidationRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "expression", "programme"]
    list_filter = ["programme"]


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

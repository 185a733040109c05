from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Succession, Unit, UnitTypeDefinition


class SuccessionInline(admin.TabularInline):
    model = Succession
    fk_name = "predecessor"
    extra = 0
    autocomplete_fields = ["successor"]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_vi", "type", "parent", "valid_from", "valid_to"]
    list_filter = ["type"]
    search_fields = ["code", "name_vi", "name_en"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path"]
    list_select_related = ["parent"]
    inlines = [SuccessionInline]


@admin.register(Succession)
class SuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "kind", "effective", "share", "primary"]
    list_filter = ["kind"]
    autocomplete_fields = ["predecessor", "successor"]
    list_select_related = ["predecessor", "successor"]


@admin.register(UnitTypeDefinition)
class UnitTypeDefinitionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "name_en", "level", "sort_order"]
    search_fields = ["code", "name_vi", "name_en"]

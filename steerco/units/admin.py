from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Succession, Unit, UnitTypeDefinition
from .search import unit_name_matches


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

    def get_search_results(self, request, queryset, search_term):
        """Names match whatever their tone placement, case or Unicode form
        ("Thanh Hoá" finds "Thanh Hóa"); a term typed without any diacritic
        matches names without looking at theirs ("Hoang Hoa")."""
        found, duplicates = super().get_search_results(request, queryset, search_term)
        return found | unit_name_matches(queryset, search_term), duplicates


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

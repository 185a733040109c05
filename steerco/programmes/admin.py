from django.contrib import admin

from .models import Programme, Task, TaskGroup, Theme


class TaskGroupInline(admin.TabularInline):
    model = TaskGroup
    extra = 0


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "title_vi", "term", "owner"]
    search_fields = ["code", "title_vi"]
    autocomplete_fields = ["owner"]
    inlines = [TaskGroupInline, ThemeInline]


@admin.register(TaskGroup)
class TaskGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "programme"]
    list_filter = ["programme"]
    search_fields = ["code", "name_vi"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "kind", "group", "lead_unit", "due"]
    list_filter = ["kind", "group__programme"]
    search_fields = ["code", "name_vi"]
    autocomplete_fields = ["lead_unit"]
    list_select_related = ["group", "lead_unit"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "programme", "period"]
    list_filter = ["programme"]

from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "status", "progress", "unit", "created_by", "attempts", "created_at"]
    list_filter = ["status", "kind"]
    readonly_fields = ["task_id", "created_at", "started_at", "finished_at", "attempts"]
    raw_id_fields = ["unit", "created_by"]

from django.contrib import admin

from .models import Job, ScheduledRun


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "status", "progress", "unit", "created_by", "attempts", "created_at"]
    list_filter = ["status", "kind"]
    readonly_fields = ["task_id", "created_at", "started_at", "finished_at", "attempts"]
    raw_id_fields = ["unit", "created_by"]


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin):
    """The log of periodic jobs started. Deleting a day's row lets the
    worker start that day's job again (at its next tick, if the day is today)."""

    list_display = ["day", "kind", "job", "created_at"]
    list_filter = ["kind"]
    readonly_fields = ["kind", "day", "job", "created_at"]

    def has_add_permission(self, request):
        return False

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Attachment, Conclusion, Item, Meeting

# Moved only through services.items (the states of flow.MOVES).
WORKFLOW_FIELDS = [
    "status", "body_unit", "body_name", "deadline", "assigned_on", "answer", "answered_on", "first_answered_on",
    "answered_by", "dispute_reason", "disputed_on", "resolved_on",
]  # fmt: skip


@admin.register(Item)
class ItemAdmin(SimpleHistoryAdmin):
    list_display = ["subject", "kind", "raised_by", "addressed_to", "period", "status", "deadline"]
    list_filter = ["kind", "status", "period"]
    search_fields = ["subject", "raised_by__code", "raised_by__name_vi"]
    raw_id_fields = ["raised_by", "addressed_to", "programme", "task_group", "indicator", "finding", "task"]
    readonly_fields = [*WORKFLOW_FIELDS, "raised_by_user"]
    list_select_related = ["raised_by", "addressed_to"]


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    list_display = ["original_name", "item", "size", "uploaded_at"]
    readonly_fields = ["item", "file", "original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]


@admin.register(Conclusion)
class ConclusionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "meeting", "body_unit", "deadline", "status"]
    list_filter = ["status"]
    raw_id_fields = ["meeting", "body_unit", "item"]
    readonly_fields = WORKFLOW_FIELDS


class ConclusionInline(admin.TabularInline):
    model = Conclusion
    extra = 0
    fields = ["text", "body_unit", "body_name", "deadline", "status"]
    readonly_fields = ["status", "deadline"]
    raw_id_fields = ["body_unit"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["held_on", "programme", "convened_by", "notice_sent_on"]
    raw_id_fields = ["programme", "convened_by", "attending"]
    readonly_fields = ["notice_number", "notice_sent_on", "created_by"]
    inlines = [ConclusionInline]

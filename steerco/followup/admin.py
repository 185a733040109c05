from django.contrib import admin

from .models import ChangeReason, Notice, Preference, ReminderPolicy, StatedReason


@admin.register(ChangeReason)
class ChangeReasonAdmin(admin.ModelAdmin):
    list_display = ["code", "label_vi", "label_en", "kinds", "active", "sort_order"]
    list_filter = ["active"]
    list_editable = ["active", "sort_order"]
    search_fields = ["code", "label_vi", "label_en"]


@admin.register(StatedReason)
class StatedReasonAdmin(admin.ModelAdmin):
    """The record of reasons is evidence: read-only."""

    list_display = ["at", "kind", "reason", "record_label", "before", "after", "unit", "user"]
    list_filter = ["kind", "reason"]
    search_fields = ["record_label", "text", "unit__code"]
    list_select_related = ["reason", "unit", "user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "programme",
        "report_days_before",
        "approval_after_days",
        "action_days_before",
        "finding_stale_days",
        "digest_weekday",
    ]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "language", "channel"]
    list_filter = ["language", "channel"]
    search_fields = ["user__username"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["sent_on", "user", "kind", "unit", "subject", "emailed", "for_digest", "read_at"]
    list_filter = ["kind", "emailed", "for_digest", "sent_on"]
    search_fields = ["user__username", "subject", "unit__code"]
    list_select_related = ["user", "unit"]
    readonly_fields = ["user", "kind", "key", "unit", "subject", "body", "url", "sent_on", "emailed"]

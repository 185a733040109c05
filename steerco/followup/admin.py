from django.contrib import admin

from .models import Notice, Preference, ReminderPolicy


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

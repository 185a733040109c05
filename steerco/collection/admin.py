from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ReportingRound, Submission


@admin.register(ReportingRound)
class ReportingRoundAdmin(SimpleHistoryAdmin):
    list_display = ["programme", "period", "data_from", "data_to", "deadline", "state"]
    list_filter = ["programme", "state"]


@admin.register(Submission)
class SubmissionAdmin(SimpleHistoryAdmin):
    list_display = ["round", "unit", "status", "submitted_at", "decided_by", "decided_at"]
    list_filter = ["round", "status"]
    search_fields = ["unit__code", "unit__name_vi"]
    autocomplete_fields = ["unit"]
    list_select_related = ["round__programme", "unit", "decided_by"]

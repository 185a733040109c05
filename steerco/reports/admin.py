from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Delivery,
    Draft,
    DraftComment,
    IssuedFile,
    IssuedReport,
    Narrative,
    Recipient,
    ReportProfile,
    Reviewer,
)


@admin.register(ReportProfile)
class ReportProfileAdmin(SimpleHistoryAdmin):
    list_display = ["programme", "style", "issuer_vi", "issuer_code"]
    list_select_related = ["programme"]


class IssuedFileInline(admin.TabularInline):
    model = IssuedFile
    fields = ["format", "size", "sha256"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(IssuedReport)
class IssuedReportAdmin(admin.ModelAdmin):
    """Issued reports are frozen: shown, never edited."""

    list_display = ["symbol", "programme", "period", "unit", "language", "issued_at", "issued_by"]
    list_select_related = ["programme", "unit", "issued_by"]
    list_filter = ["programme", "year"]
    inlines = [IssuedFileInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(IssuedFile)
class IssuedFileAdmin(admin.ModelAdmin):
    list_display = ["report", "format", "size", "sha256"]
    list_select_related = ["report"]
    fields = ["report", "format", "size", "sha256"]
    readonly_fields = fields

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    """Who receives a programme's issued reports (“Nơi nhận” with an account or an address)."""

    list_display = ["label", "programme", "user", "email", "order"]
    list_select_related = ["programme", "user"]
    list_filter = ["programme"]
    raw_id_fields = ["user"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The register of issued reports: read only."""

    list_display = ["report", "label", "user", "email", "in_inbox", "emailed", "sent_at", "opened_at"]
    list_select_related = ["report", "user"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Reviewer)
class ReviewerAdmin(admin.ModelAdmin):
    """Who reviews a programme's draft report (inbox and email, comments)."""

    list_display = ["user", "role", "programme"]
    list_select_related = ["user", "programme"]
    list_filter = ["programme"]
    raw_id_fields = ["user"]


class ReadOnly(admin.ModelAdmin):
    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Draft)
class DraftAdmin(ReadOnly):
    """Every version of a draft is kept as it was built: shown, never edited."""

    list_display = ["programme", "period", "unit", "language", "version", "created_by", "created_at"]
    list_select_related = ["programme", "unit", "created_by"]
    list_filter = ["programme"]


@admin.register(DraftComment)
class DraftCommentAdmin(ReadOnly):
    list_display = ["draft", "target", "user", "created_at"]
    list_select_related = ["draft__programme", "user"]


@admin.register(Narrative)
class NarrativeAdmin(SimpleHistoryAdmin):
    """The secretariat's free text of II and III is edited on the draft page
    (a new draft version, reviewers notified); here it is only shown."""

    list_display = ["programme", "unit", "period", "language"]
    list_select_related = ["programme", "unit"]
    readonly_fields = ["programme", "unit", "period", "language", "limitations", "tasks"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

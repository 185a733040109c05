from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Delivery, Draft, DraftComment, IssuedFile, IssuedReport, Recipient, ReportProfile, Reviewer


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


class _ReadOnly(admin.ModelAdmin):
    """Drafts and their comments are made by the review workflow
    (reports.review): shown, never added, edited or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DraftCommentInline(admin.TabularInline):
    model = DraftComment
    fields = ["target", "text", "user", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Draft)
class DraftAdmin(_ReadOnly):
    list_display = ["programme", "unit", "period", "language", "version", "created_by", "created_at"]
    list_select_related = ["programme", "unit", "created_by"]
    list_filter = ["programme", "language"]
    fields = ["programme", "unit", "period", "language", "version", "report_date", "created_by", "created_at"]
    readonly_fields = fields
    inlines = [DraftCommentInline]


@admin.register(DraftComment)
class DraftCommentAdmin(_ReadOnly):
    list_display = ["draft", "target", "user", "created_at"]
    list_select_related = ["draft__programme", "draft__unit", "user"]
    fields = ["draft", "target", "text", "user", "created_at"]
    readonly_fields = fields

from django.contrib import admin

from .models import DraftCheck


@admin.register(DraftCheck)
class DraftCheckAdmin(admin.ModelAdmin):
    """Checks are made by people through the page, the API or the command;
    the admin only reads them."""

    list_display = ["id", "file_name", "programme", "unit", "period", "checked", "problems", "created_by", "created_at"]
    list_filter = ["period"]
    exclude = ["content", "annotated"]
    readonly_fields = [
        "programme", "unit", "period", "submission", "file_name", "format", "result", "checked", "problems",
        "created_by", "created_at",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False

from django.contrib import admin

from .models import ChangeReason, DataVersion, StatedReason
from .readonly import ReadOnlyAdminMixin


@admin.register(ChangeReason)
class ChangeReasonAdmin(admin.ModelAdmin):
    list_display = ["code", "label_vi", "label_en", "kinds", "active", "sort_order"]
    list_filter = ["active"]
    list_editable = ["active", "sort_order"]
    search_fields = ["code", "label_vi", "label_en"]


@admin.register(StatedReason)
class StatedReasonAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The record of reasons is evidence: read-only."""

    list_display = ["at", "kind", "reason", "record_label", "before", "after", "unit", "user"]
    list_filter = ["kind", "reason"]
    search_fields = ["record_label", "text", "unit__code"]
    list_select_related = ["reason", "unit", "user"]


@admin.register(DataVersion)
class DataVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The data version, advanced by the database's triggers only: read-only."""

    list_display = ["counter", "stamp"]

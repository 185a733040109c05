"""Inspection in the administration. Cases are scoped like everywhere
else; the person's name and identity number are never shown here (read
them on the case page, where each read is logged)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from steerco.audit.readonly import ReadOnlyAdminMixin

from .models import Case, PersonRecord, PersonView


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ["code", "commission", "subject", "stage", "opened_on", "concluded_on", "decided_on"]
    list_filter = ["stage", "subject", "discipline_form", "synthetic"]
    search_fields = ["code"]
    list_select_related = ["commission"]
    raw_id_fields = ["commission", "subject_unit", "created_by"]
    # Stages move through the case page (services), never by hand here.
    readonly_fields = ["stage", "concluded_on", "decided_on", "discipline_form"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(PersonRecord)
class PersonRecordAdmin(admin.ModelAdmin):
    list_display = ["case"]
    fields = ["case", "stored"]
    readonly_fields = ["case", "stored"]
    search_fields = ["case__code"]

    @admin.display(description=_("personal data"))
    def stored(self, obj):
        return _("encrypted; shown only on the case page, where each view is logged")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(case__in=Case.objects.visible_to(request.user))
            .defer("full_name", "identity_number")
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PersonView)
class PersonViewAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["viewed_at", "user", "case", "channel"]
    list_filter = ["channel"]
    search_fields = ["case__code", "user__username"]
    list_select_related = ["user", "case"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(case__in=Case.objects.visible_to(request.user))

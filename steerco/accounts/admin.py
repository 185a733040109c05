from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__code", "unit__name_vi"]
    autocomplete_fields = ["unit"]
    list_select_related = ["user", "unit"]

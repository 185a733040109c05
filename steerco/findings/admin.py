from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Cause,
    DeepReviewSuggestion,
    Evidence,
    Finding,
    ParArea,
    ParCriterion,
    ParIndex,
    ParScore,
    ParSubCriterion,
    RemediationAction,
    RemediationPlan,
    WeakOrganisation,
    YearClosing,
)
from .services import par

# Changed only through the workflow, which applies the evidence rule.
WORKFLOW_FIELDS = ["status", "remediated_on", "verified_on", "verified_by"]


class AgreedDeadline:
    """An agreed deadline moves only with a stated reason, on the finding's
    page or through the API (``services.deadlines``), not in the admin."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "deadline"] if obj is not None else fields


class ActionInline(AgreedDeadline, admin.TabularInline):
    model = RemediationAction
    extra = 0
    autocomplete_fields = ["owner"]
    readonly_fields = WORKFLOW_FIELDS


@admin.register(Finding)
class FindingAdmin(AgreedDeadline, SimpleHistoryAdmin):
    list_display = ["title", "owner", "source", "status", "identified_on", "deadline", "remediated_on", "verified_on"]
    list_filter = ["source", "status", "par_year"]
    search_fields = ["title", "owner__code", "owner__name_vi"]
    autocomplete_fields = ["owner"]
    raw_id_fields = ["suggestion", "par_criterion", "plan", "programme", "task_group", "indicator"]
    readonly_fields = [*WORKFLOW_FIELDS, "created_by"]
    list_select_related = ["owner"]
    inlines = [ActionInline]


@admin.register(Cause)
class CauseAdmin(SimpleHistoryAdmin):
    list_display = ["description", "unit", "kind", "plan"]
    list_filter = ["kind"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["plan", "findings"]
    list_select_related = ["unit", "plan"]


@admin.register(RemediationAction)
class RemediationActionAdmin(AgreedDeadline, SimpleHistoryAdmin):
    list_display = ["description", "owner", "deadline", "status"]
    list_filter = ["status"]
    autocomplete_fields = ["owner"]
    raw_id_fields = ["finding"]
    readonly_fields = WORKFLOW_FIELDS
    list_select_related = ["owner"]


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["original_name", "finding", "content_type", "size", "uploaded_by", "uploaded_at"]
    raw_id_fields = ["finding", "action", "uploaded_by"]
    # Files are added through the app, which checks type and size.
    readonly_fields = ["file", "original_name", "content_type", "size", "sha256"]

    def has_add_permission(self, request):
        return False


@admin.register(DeepReviewSuggestion)
class DeepReviewSuggestionAdmin(SimpleHistoryAdmin):
    list_display = ["addressed_to", "suggested_by", "review_year", "suggested_on", "to_leaders"]
    list_filter = ["review_year", "suggested_by"]
    autocomplete_fields = ["suggested_by", "addressed_to"]
    list_select_related = ["addressed_to", "suggested_by"]


@admin.register(RemediationPlan)
class RemediationPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "unit", "period", "adopted_on"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["suggestion", "programme"]
    list_select_related = ["unit"]


class AreaInline(admin.TabularInline):
    model = ParArea
    extra = 0
    readonly_fields = ["maximum"]


class CriterionInline(admin.TabularInline):
    model = ParCriterion
    extra = 0
    readonly_fields = ["maximum"]


class SubCriterionInline(admin.TabularInline):
    model = ParSubCriterion
    extra = 0


class ParStructureAdmin(SimpleHistoryAdmin):
    """Maxima above the sub-criteria add up (``services.par``); after any
    change here they are summed again, as the PAR pages do."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        par.recompute_maxima(self.index_of(form.instance), acting_user=request.user)

    def delete_model(self, request, obj):
        index = self.index_of(obj)
        super().delete_model(request, obj)
        if index.pk:
            par.recompute_maxima(index, acting_user=request.user)


@admin.register(ParIndex)
class ParIndexAdmin(ParStructureAdmin):
    list_display = ["code", "name_vi", "maximum"]
    readonly_fields = ["maximum"]
    inlines = [AreaInline]

    def index_of(self, obj):
        return obj


@admin.register(ParArea)
class ParAreaAdmin(ParStructureAdmin):
    list_display = ["code", "name_vi", "maximum", "index"]
    list_filter = ["index"]
    readonly_fields = ["maximum"]
    inlines = [CriterionInline]

    def index_of(self, obj):
        return obj.index


@admin.register(ParCriterion)
class ParCriterionAdmin(ParStructureAdmin):
    list_display = ["code", "name_vi", "maximum", "area"]
    list_filter = ["area__index"]
    search_fields = ["code", "name_vi"]
    readonly_fields = ["maximum"]
    inlines = [SubCriterionInline]

    def index_of(self, obj):
        return obj.area.index


@admin.register(ParSubCriterion)
class ParSubCriterionAdmin(ParStructureAdmin):
    list_display = ["code", "name_vi", "maximum", "criterion"]
    search_fields = ["code", "name_vi"]

    def index_of(self, obj):
        return obj.criterion.area.index


@admin.register(ParScore)
class ParScoreAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "year", "sub_criterion", "score"]
    list_filter = ["year"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["sub_criterion"]
    list_select_related = ["unit", "sub_criterion"]


@admin.register(WeakOrganisation)
class WeakOrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "year", "carried_from", "consolidated_on"]
    list_filter = ["year"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["carried_from"]
    list_select_related = ["organisation", "carried_from"]


@admin.register(YearClosing)
class YearClosingAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "year", "carried", "closed_by", "closed_at"]
    readonly_fields = ["unit", "year", "carried", "closed_by", "closed_at"]

    def has_add_permission(self, request):
        return False

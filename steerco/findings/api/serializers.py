import copy

from django.urls import reverse
from rest_framework import serializers

from steerco.audit.api.fields import ReasonFields
from steerco.units.models import Unit

from .. import access
from ..models import (
    CauseKind,
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
    Status,
    WeakOrganisation,
)
from ..models.finding import INPUT_FIELDS


class EvidenceSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id",
            "finding",
            "action",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "description",
            "uploaded_at",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, obj) -> str:
        return reverse("api-evidence-download", args=[obj.pk])


class ActionSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = RemediationAction
        fields = ["id", "description", "owner", "deadline", "status", "started_on", "remediated_on", "verified_on"]
        read_only_fields = fields


class FindingSerializer(ReasonFields, serializers.ModelSerializer):
    """Moving an agreed ``deadline`` needs ``reason`` and ``reason_text``."""

    owner = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.none())
    actions = ActionSerializer(many=True, read_only=True)
    causes = serializers.SlugRelatedField(slug_field="description", many=True, read_only=True)

    class Meta:
        model = Finding
        fields = [
            "id",
            *INPUT_FIELDS,
            "status",
            "started_on",
            "remediated_on",
            "verified_on",
            "updated_at",
            "actions",
            "causes",
            "reason",
            "reason_text",
        ]
        read_only_fields = ["status", "started_on", "remediated_on", "verified_on", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.method not in ("GET", "HEAD", "OPTIONS"):
            self.fields["owner"].queryset = access.editable_units(request.user)
            self.fields["plan"].queryset = RemediationPlan.objects.filter(unit__in=access.editable_units(request.user))

    def validate(self, attrs):
        # The model's own rules (PAR source names its criterion, …).
        candidate = copy.copy(self.instance) if self.instance is not None else Finding()
        for name, value in attrs.items():
            setattr(candidate, name, value)
        candidate.clean()
        return attrs


class TransitionSerializer(ReasonFields):
    """Closing as no longer relevant needs ``reason`` and ``reason_text``."""

    to = serializers.ChoiceField(choices=Status.choices)
    on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=80)
    action = serializers.IntegerField(required=False, help_text="id of one of the finding's actions to move instead")


class DeadlineSerializer(ReasonFields):
    deadline = serializers.DateField()
    action = serializers.IntegerField(required=False, help_text="id of one of the finding's actions to move instead")


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    description = serializers.CharField(required=False, allow_blank=True, max_length=300)
    action = serializers.IntegerField(required=False)


class ExceptionSerializer(serializers.Serializer):
    finding = FindingSerializer()
    reasons = serializers.ListField(child=serializers.CharField())


class WeakOrganisationSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="code", read_only=True)
    carried_over = serializers.BooleanField(source="is_carried_over", read_only=True)

    class Meta:
        model = WeakOrganisation
        fields = ["id", "organisation", "year", "reason", "carried_over", "carried_from", "consolidated_on"]
        read_only_fields = fields


class CloseYearSerializer(serializers.Serializer):
    unit = serializers.CharField(max_length=40)
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class SuggestionSerializer(serializers.ModelSerializer):
    suggested_by = serializers.SlugRelatedField(slug_field="code", read_only=True)
    addressed_to = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = DeepReviewSuggestion
        fields = ["id", "suggested_by", "addressed_to", "to_leaders", "review_year", "suggested_on", "subject"]
        read_only_fields = fields


class ParSubCriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ParSubCriterion
        fields = ["code", "name_vi", "name_en", "maximum", "sort_order"]
        read_only_fields = fields


class ParCriterionSerializer(serializers.ModelSerializer):
    sub_criteria = ParSubCriterionSerializer(many=True, read_only=True)

    class Meta:
        model = ParCriterion
        fields = ["code", "name_vi", "name_en", "maximum", "sort_order", "sub_criteria"]
        read_only_fields = fields


class ParAreaSerializer(serializers.ModelSerializer):
    criteria = ParCriterionSerializer(many=True, read_only=True)

    class Meta:
        model = ParArea
        fields = ["code", "name_vi", "name_en", "maximum", "sort_order", "criteria"]
        read_only_fields = fields


class ParIndexSerializer(serializers.ModelSerializer):
    """The index with its areas → criteria → sub-criteria. Create with
    ``code``, ``name_vi`` (and ``name_en``); maxima add up from the
    sub-criteria."""

    areas = ParAreaSerializer(many=True, read_only=True)

    class Meta:
        model = ParIndex
        fields = ["code", "name_vi", "name_en", "maximum", "areas"]
        read_only_fields = ["maximum", "areas"]
        extra_kwargs = {"code": {"validators": []}}


class ParNodeSerializer(serializers.Serializer):
    """Add, or change by code under the same parent, an area (parent: none),
    a criterion (parent: its area's code) or a sub-criterion (parent: its
    criterion's code; ``maximum`` required)."""

    level = serializers.ChoiceField(choices=["area", "criterion", "sub_criterion"])
    parent = serializers.CharField(required=False, allow_blank=True, max_length=20, default="")
    code = serializers.CharField(max_length=20)
    name_vi = serializers.CharField()
    name_en = serializers.CharField(required=False, allow_blank=True, default="")
    maximum = serializers.DecimalField(max_digits=7, decimal_places=2, required=False, allow_null=True)
    sort_order = serializers.IntegerField(required=False, min_value=0)


class ParScoreSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sub_criterion = serializers.SlugRelatedField(slug_field="code", read_only=True)
    maximum = serializers.DecimalField(source="sub_criterion.maximum", max_digits=7, decimal_places=2, read_only=True)

    class Meta:
        model = ParScore
        fields = ["id", "unit", "year", "sub_criterion", "score", "maximum", "note"]
        read_only_fields = fields


class ParScoreInput(serializers.Serializer):
    sub_criterion = serializers.CharField(max_length=20)
    # Range checks (0 … maximum) are the service's, with its messages.
    score = serializers.DecimalField(max_digits=7, decimal_places=2)
    note = serializers.CharField(required=False, allow_blank=True)


class ParScoresSerializer(serializers.Serializer):
    """A unit's scores for a year on an index's sub-criteria (all or
    nothing). The reply says what was saved and what happened to the
    findings."""

    index = serializers.CharField(max_length=40)
    unit = serializers.CharField(max_length=40)
    year = serializers.IntegerField()
    scores = ParScoreInput(many=True, allow_empty=False)
    identified_on = serializers.DateField(required=False, help_text="date of the new findings; today by default")
    deadline = serializers.DateField(required=False, allow_null=True)


class ParScoresResultSerializer(serializers.Serializer):
    saved = serializers.IntegerField()
    findings_created = serializers.ListField(child=serializers.IntegerField())
    withdrawn = serializers.ListField(child=serializers.CharField(), help_text="criteria back at full marks")
    kept = serializers.ListField(child=serializers.IntegerField(), help_text="findings at full marks, work started")


class CauseInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CauseKind.choices)
    description = serializers.CharField()


class SuggestionInput(serializers.Serializer):
    suggested_by = serializers.CharField(max_length=40, help_text="code of the higher body")
    addressed_to = serializers.CharField(max_length=40, help_text="code of a unit below it")
    to_leaders = serializers.BooleanField(default=False)
    review_year = serializers.IntegerField()
    suggested_on = serializers.DateField()
    subject = serializers.CharField(required=False, allow_blank=True, default="")


class VisibleSuggestionField(serializers.PrimaryKeyRelatedField):
    """A deep self-review suggestion the caller may see: one addressed to a
    unit outside their scope answers as if it did not exist."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return DeepReviewSuggestion.objects.none()
        return DeepReviewSuggestion.objects.filter(addressed_to__in=Unit.objects.visible_to(request.user))


class PlanSerializer(serializers.ModelSerializer):
    """A remediation plan; create with the unit's ``code``, ``title``,
    ``period`` (e.g. 2023-H2), ``adopted_on`` and optionally the
    ``suggestion`` it answers. Findings join it through their ``plan``."""

    unit = serializers.CharField(source="unit.code", max_length=40)
    suggestion = VisibleSuggestionField(required=False, allow_null=True)
    findings = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = RemediationPlan
        fields = ["id", "unit", "title", "period", "adopted_on", "suggestion", "findings"]


class WeakOrganisationInput(serializers.Serializer):
    organisation = serializers.CharField(max_length=40, help_text="code of a grassroots organisation")
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ConsolidatedInput(serializers.Serializer):
    consolidated_on = serializers.DateField()

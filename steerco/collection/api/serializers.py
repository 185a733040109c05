from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from steerco.audit.api.fields import ReasonFields
from steerco.indicators.models import DataValue, Target

from ..models import ReportingRound, Submission


class ValueSerializer(serializers.ModelSerializer):
    programme = serializers.CharField(source="indicator.programme.code", read_only=True)
    indicator = serializers.CharField(source="indicator.code", read_only=True)
    unit = serializers.CharField(source="unit.code", read_only=True)
    entered_by = serializers.CharField(source="entered_by.username", read_only=True, default=None, allow_null=True)
    warnings = serializers.SerializerMethodField(
        help_text="Warning rules this write leaves broken (the value is saved all the same; listed in steerco validate)"
    )

    class Meta:
        model = DataValue
        fields = [
            "id",
            "programme",
            "indicator",
            "unit",
            "period",
            "value",
            "status",
            "version",
            "note",
            "entered_by",
            "entered_at",
            "source",
            "source_ref",
            "warnings",
        ]
        read_only_fields = fields

    def get_warnings(self, value) -> list[str]:
        return list(getattr(value, "rule_warnings", []))


class ValueWriteSerializer(ReasonFields, serializers.Serializer):
    """A new value (programme, unit, period, indicator) or a change to one
    (value, and the version you read). An unusual value (far from the unit's
    history or above its denominator, ``lib.plausibility``) is refused with
    ``kind: unusual`` unless ``reason`` (a code of /api/change-reasons/ for
    kind ``unusual``) and ``reason_text`` confirm it, as the entry form asks."""

    programme = serializers.CharField(required=False)
    unit = serializers.CharField(required=False)
    period = serializers.CharField(required=False)
    indicator = serializers.CharField(required=False)
    value = serializers.DecimalField(max_digits=20, decimal_places=4)
    version = serializers.IntegerField(min_value=0, required=False, default=0)
    note = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)


class TargetSerializer(ReasonFields, serializers.ModelSerializer):
    """Changing an existing target's value needs ``reason`` and ``reason_text``."""

    programme = serializers.CharField(source="indicator.programme.code")
    indicator = serializers.CharField(source="indicator.code")
    unit = serializers.CharField(source="unit.code")

    class Meta:
        model = Target
        fields = ["id", "programme", "indicator", "unit", "period", "kind", "value", "note", "reason", "reason_text"]
        read_only_fields = ["id"]
        extra_kwargs = {
            "kind": {
                "required": False,
                "help_text": "amount (to reach, pro rata) or threshold (a level to stay on the right side of, "
                "in the indicator's direction; a percentage for a ratio or a yes/no). Default: threshold "
                "for a ratio, amount otherwise.",
            }
        }


class RoundSerializer(serializers.ModelSerializer):
    programme = serializers.CharField(source="programme.code")
    unit_types = serializers.ListField(child=serializers.CharField(), source="types", required=False)

    class Meta:
        model = ReportingRound
        fields = ["id", "programme", "period", "data_from", "data_to", "deadline", "state", "unit_types", "note"]
        read_only_fields = ["id"]
        extra_kwargs = {"data_from": {"required": False}, "data_to": {"required": False}}


class SubmissionSerializer(serializers.ModelSerializer):
    programme = serializers.CharField(source="round.programme.code", read_only=True)
    period = serializers.CharField(source="round.period", read_only=True)
    unit = serializers.CharField(source="unit.code", read_only=True)

    class Meta:
        model = Submission
        fields = ["id", "programme", "period", "unit", "status", "submitted_at", "decided_at", "comment"]
        read_only_fields = fields


@extend_schema_serializer(component_name="SubmissionAction")  # findings has an "Action" too
class ActionSerializer(ReasonFields):
    """``reason`` and ``reason_text`` are needed to reopen an approved report."""

    comment = serializers.CharField(required=False, allow_blank=True, default="")
    override_reason = serializers.CharField(required=False, allow_blank=True, default="")

"""What the API says about a case: never the person's name or identity
number, which only ``PersonSerializer`` carries, on its own audited URL."""

from rest_framework import serializers

from steerco.units.models import Unit

from ..models import Case
from ..stages import DisciplineForm, Subject


class CaseSerializer(serializers.ModelSerializer):
    commission = serializers.SlugRelatedField(slug_field="code", read_only=True)
    subject_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Case
        fields = [
            "code",
            "commission",
            "subject",
            "subject_unit",
            "stage",
            "opened_on",
            "concluded_on",
            "decided_on",
            "discipline_form",
        ]
        read_only_fields = fields


class OpenCaseSerializer(serializers.Serializer):
    commission = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    subject = serializers.ChoiceField(choices=Subject.choices)
    subject_unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all(), required=False)
    opened_on = serializers.DateField()


class ConcludeSerializer(serializers.Serializer):
    on = serializers.DateField()
    violation = serializers.BooleanField()


class DecideSerializer(serializers.Serializer):
    on = serializers.DateField()
    discipline_form = serializers.ChoiceField(
        choices=DisciplineForm.choices, allow_null=True, help_text="null: no discipline"
    )


class PersonSerializer(serializers.Serializer):
    case = serializers.CharField(source="case.code")
    full_name = serializers.CharField()
    identity_number = serializers.CharField(allow_blank=True)


class FunnelSerializer(serializers.Serializer):
    inspected = serializers.IntegerField()
    concluded = serializers.IntegerField()
    violation = serializers.IntegerField()
    disciplined = serializers.IntegerField()
    by_form = serializers.DictField(child=serializers.IntegerField())


class GroupStatsSerializer(serializers.Serializer):
    current = FunnelSerializer()
    previous = FunnelSerializer()
    change = serializers.DictField(child=serializers.IntegerField())


class WindowSerializer(serializers.Serializer):
    """The days the period's cases are counted from (the programme's
    reporting window)."""

    start = serializers.DateField()
    end = serializers.DateField()


class StatisticsSerializer(serializers.Serializer):
    unit = serializers.CharField()
    period = serializers.CharField()
    previous_period = serializers.CharField()
    window = WindowSerializer()
    organisations = GroupStatsSerializer()
    members = GroupStatsSerializer()

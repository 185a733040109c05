from rest_framework import serializers

from steerco.indicators.models import Indicator
from steerco.programmes.models import Programme, TaskGroup
from steerco.units.models import Unit

from .. import flow
from ..models import Attachment, Conclusion, Item, Kind, Meeting


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "sha256", "uploaded_at"]


class ItemSerializer(serializers.ModelSerializer):
    raised_by = serializers.SlugRelatedField(slug_field="code", read_only=True)
    addressed_to = serializers.SlugRelatedField(slug_field="code", read_only=True)
    body_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    programme = serializers.SlugRelatedField(slug_field="code", read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    timeliness = serializers.CharField(read_only=True)

    class Meta:
        model = Item
        fields = [
            "id", "kind", "raised_by", "addressed_to", "programme", "period", "subject", "text", "task_group",
            "indicator", "raised_on", "status", "body_unit", "body_name", "deadline", "assigned_on", "answer",
            "answered_on", "first_answered_on", "timeliness", "dispute_reason", "disputed_on", "resolved_on",
            "finding", "task", "attachments",
        ]  # fmt: skip
        read_only_fields = fields


class RaiseSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    raised_by = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    addressed_to = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    programme = serializers.SlugRelatedField(slug_field="code", queryset=Programme.objects.all())
    period = serializers.CharField(max_length=9)
    subject = serializers.CharField(max_length=200)
    text = serializers.CharField()
    task_group = serializers.PrimaryKeyRelatedField(queryset=TaskGroup.objects.all(), required=False, allow_null=True)
    indicator = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.all(), required=False, allow_null=True)
    files = serializers.ListField(child=serializers.FileField(), required=False)


class MoveSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=[a.value for a in flow.Action])
    body_unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all(), required=False)
    body_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    deadline = serializers.DateField(required=False)
    text = serializers.CharField(required=False, allow_blank=True)
    reason = serializers.CharField(required=False, allow_blank=True)


class ProposalFileSerializer(serializers.Serializer):
    file = serializers.FileField()


class ConclusionSerializer(serializers.ModelSerializer):
    body_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Conclusion
        fields = ["id", "text", "body_unit", "body_name", "deadline", "status", "answer", "answered_on", "item"]
        read_only_fields = fields


class MeetingSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="code", read_only=True)
    convened_by = serializers.SlugRelatedField(slug_field="code", read_only=True)
    attending = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    conclusions = ConclusionSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "programme", "convened_by", "held_on", "title", "attending", "notice_sent_on", "conclusions"]
        read_only_fields = fields

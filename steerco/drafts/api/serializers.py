from rest_framework import serializers

from ..models import DraftCheck


class CheckRequestSerializer(serializers.Serializer):
    programme = serializers.CharField(max_length=40)
    unit = serializers.CharField(max_length=40)
    period = serializers.CharField(max_length=20)
    file = serializers.FileField(required=False)
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    submission = serializers.IntegerField(required=False)


class DraftCheckSerializer(serializers.ModelSerializer):
    programme = serializers.CharField(source="programme.code", read_only=True)
    unit = serializers.CharField(source="unit.code", read_only=True)

    class Meta:
        model = DraftCheck
        fields = ["id", "programme", "unit", "period", "submission", "file_name", "checked", "problems", "created_at"]


class DraftCheckDetailSerializer(DraftCheckSerializer):
    class Meta(DraftCheckSerializer.Meta):
        fields = [*DraftCheckSerializer.Meta.fields, "result"]

from rest_framework import serializers

from ..models import ChangeReason


class ChangeReasonSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = ChangeReason
        fields = ["code", "label", "label_vi", "label_en", "kinds"]
        read_only_fields = fields

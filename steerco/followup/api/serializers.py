from rest_framework import serializers

from ..models import Notice


class NoticeSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Notice
        fields = ["id", "kind", "unit", "subject", "body", "url", "sent_on", "emailed", "for_digest", "read_at"]
        read_only_fields = fields

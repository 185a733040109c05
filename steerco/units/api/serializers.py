from rest_framework import serializers

from ..models import Unit


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Unit
        fields = ["code", "name_vi", "name_en", "type", "parent", "path", "valid_from", "valid_to", "admin_code"]
        read_only_fields = fields

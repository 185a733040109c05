from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS

from ..models import Unit


class UnitSerializer(serializers.ModelSerializer):
    # null for the root when read (the schema says so); never accepted on a write
    parent = serializers.SlugRelatedField(
        slug_field="code", queryset=Unit.objects.none(), required=False, allow_null=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.method not in SAFE_METHODS:
            # a parent out of the caller's sight does not exist for them
            self.fields["parent"].queryset = Unit.objects.visible_to(request.user)

    class Meta:
        model = Unit
        fields = ["code", "name_vi", "name_en", "type", "parent", "path", "valid_from", "valid_to", "admin_code"]
        read_only_fields = ["path"]

    def validate_parent(self, value):
        if value is None:
            raise serializers.ValidationError("This field may not be null.")
        return value

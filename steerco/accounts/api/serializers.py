from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import ApiToken
from ..models.token import MAX_DAYS


class ApiTokenSerializer(serializers.ModelSerializer):
    expires_in_days = serializers.IntegerField(
        write_only=True, required=False, min_value=1, max_value=MAX_DAYS, help_text=_("Days until the token expires.")
    )

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "expires_at", "last_used_at", "expires_in_days"]
        read_only_fields = ["id", "prefix", "created_at", "expires_at", "last_used_at"]


class NewApiTokenSerializer(ApiTokenSerializer):
    key = serializers.CharField(read_only=True, help_text=_("Shown once: keep it now."))

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]

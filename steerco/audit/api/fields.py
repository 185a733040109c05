"""The reason fields of an API call that changes what was agreed."""

from rest_framework import serializers

from ..reasons import Stated


class ReasonFields(serializers.Serializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, write_only=True, help_text="Code of a reason from /api/change-reasons/"
    )
    reason_text = serializers.CharField(required=False, allow_blank=True, write_only=True, help_text="Explanation")


def stated_from(validated_data: dict) -> Stated | None:
    code = (validated_data.pop("reason", "") or "").strip()
    text = (validated_data.pop("reason_text", "") or "").strip()
    return Stated(code, text) if code or text else None

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from steerco.lib.periods import Period, PeriodError


def validate_period_code(code: str) -> None:
    try:
        Period.parse(code)
    except PeriodError as err:
        raise ValidationError(str(err)) from None


class PeriodField(models.CharField):
    """A period code (2023-H1) stored as text, validated on the way in."""

    description = _("Period code")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 9)
        kwargs.setdefault("validators", [validate_period_code])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        if kwargs.get("max_length") == 9:
            kwargs.pop("max_length")
        return name, path, args, kwargs


VALUE_FIELD_ARGS = {"max_digits": 20, "decimal_places": 4}

"""The filter every page that shows one unit in one period starts from."""

from django import forms
from django.utils.translation import gettext_lazy as _

from steerco.lib.periods import Period, PeriodError


class UnitPeriodFilter(forms.Form):
    """A unit (of ``units``) and a period code, read as a ``Period``."""

    unit = forms.ChoiceField(label=_("Unit"), required=False)
    period = forms.CharField(label=_("Period"), required=False, max_length=9)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.code, u.name()) for u in units]

    def clean_period(self):
        code = self.cleaned_data.get("period") or ""
        if not code:
            return None
        try:
            return Period.parse(code)
        except PeriodError:
            raise forms.ValidationError(
                _("“%(code)s” is not a period; write 2023, 2023-H1, 2023-Q3, 2023-07 or 2020-2025."),
                params={"code": code},
            ) from None

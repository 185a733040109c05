from django import forms
from django.utils.translation import gettext_lazy as _

from steerco.units.forms import UnitPeriodFilter


class ScorecardFilter(UnitPeriodFilter):
    """What the home page shows: a programme, a unit and a period."""

    programme = forms.ChoiceField(label=_("Programme"), required=False)

    field_order = ["programme", "unit", "period"]

    def __init__(self, *args, programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [(p.code, p.code) for p in programmes]

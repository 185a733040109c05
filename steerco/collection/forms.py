from datetime import timedelta
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from steerco.audit.forms import add_reason_fields
from steerco.audit.models import ReasonKind
from steerco.dates import DayInput
from steerco.indicators.models import IndicatorKind
from steerco.lib.numbers import NotANumber, fmt_input, parse_number
from steerco.lib.periods import Period
from steerco.lib.windows import CALENDAR
from steerco.units.forms import PeriodField
from steerco.units.models import type_names

from .checks import current_language
from .services import Entry

# A value is stored with 20 digits, 4 of them after the decimal point.
MAX_WHOLE_DIGITS, MAX_DECIMALS = 16, 4
YES, NO = "1", "0"
UNUSUAL_PREFIX = "unusual"


class TypedNumberField(forms.CharField):
    """A number box that reads what people type in the active language's
    format (5.155, 86,06, or plain 5155) and shows stored values the same
    way: never 1.5E+2 or 150.0000 (``lib.numbers.parse_number``)."""

    def to_python(self, value):
        text = super().to_python(value)
        try:
            number = parse_number(text, current_language())
        except NotANumber:
            raise forms.ValidationError(
                _("%(value)s is not a number; type it as 5.155 or 86,06.") % {"value": text}
            ) from None
        if number is None:
            return None
        whole, decimals = number.adjusted() + 1, max(0, -number.as_tuple().exponent)
        if decimals > MAX_DECIMALS:
            raise forms.ValidationError(_("At most %(count)s decimals.") % {"count": MAX_DECIMALS})
        if whole > MAX_WHOLE_DIGITS:
            raise forms.ValidationError(_("The number is too large."))
        return number


def value_field(indicator, current) -> forms.Field:
    """The box for one indicator: a Có/Không choice for a yes/no answer
    (plain radio buttons, so it works without JavaScript), a typed number
    otherwise."""
    if indicator.kind == IndicatorKind.YESNO:
        return forms.TypedChoiceField(
            label=indicator.name(),
            required=False,
            choices=[(YES, pgettext_lazy("yes/no answer", "Yes")), (NO, pgettext_lazy("yes/no answer", "No"))],
            coerce=Decimal,
            empty_value=None,
            initial=(YES if current.value else NO) if current else None,
            widget=forms.RadioSelect(attrs={"class": "yesno"}),
        )
    return TypedNumberField(
        label=indicator.name(),
        required=False,
        initial=fmt_input(current.value, current_language()) if current else None,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric" if indicator.decimals == 0 else "decimal", "autocomplete": "off", "size": 12}
        ),
    )


class ValuesForm(forms.Form):
    """One field per entered indicator, with the version the editor saw in
    a hidden field next to it; plus the comment and override reason the
    workflow actions need."""

    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    override_reason = forms.CharField(
        label=_("Reason to approve before every sub-unit is approved"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, indicators=(), stored=None, **kwargs):
        super().__init__(*args, **kwargs)
        add_reason_fields(self, ReasonKind.REOPEN)
        # confirming a value far from the unit's history (collection.unusual)
        add_reason_fields(self, ReasonKind.UNUSUAL, prefix=UNUSUAL_PREFIX)
        stored = stored or {}
        self.indicators = list(indicators)
        for ind in self.indicators:
            current = stored.get(ind.code)
            self.fields[f"v_{ind.code}"] = value_field(ind, current)
            self.fields[f"ver_{ind.code}"] = forms.IntegerField(
                required=False, initial=current.version if current else 0, widget=forms.HiddenInput
            )

    def entries(self) -> list[Entry]:
        out = []
        for ind in self.indicators:
            value = self.cleaned_data.get(f"v_{ind.code}")
            if value is not None:
                out.append(Entry(ind.code, value, self.cleaned_data.get(f"ver_{ind.code}") or 0))
        return out

    def empty_indicators(self, stored) -> list:
        """The indicators with nothing stored and nothing typed now."""
        typed = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return [i for i in self.indicators if i.code not in stored and typed.get(f"v_{i.code}") is None]

    def rows(self, stored=None, previous=None):
        """(indicator, value field, version field, stored value, (period,
        value) of the latest earlier period) for the template."""
        stored, previous = stored or {}, previous or {}
        return [
            (ind, self[f"v_{ind.code}"], self[f"ver_{ind.code}"], stored.get(ind.code), previous.get(ind.code))
            for ind in self.indicators
        ]

    def add_problems(self, problems) -> None:
        for p in problems:
            field = f"v_{p.indicator}" if p.indicator and f"v_{p.indicator}" in self.fields else None
            self.add_error(field, p.message)


class OpenRoundForm(forms.Form):
    programme = forms.ChoiceField(label=_("Programme"))
    period = PeriodField(label=_("Period"), months=True)
    data_from = forms.DateField(
        label=_("Data from"),
        required=False,
        widget=DayInput,
        help_text=_("Empty: the first day of the period, e.g. 15/12/2022"),
    )
    data_to = forms.DateField(
        label=_("Data to"),
        required=False,
        widget=DayInput,
        help_text=_("Empty: the last day of the period, e.g. 14/6/2023"),
    )
    deadline = forms.DateField(
        label=pgettext_lazy("submission", "Deadline"),
        required=False,
        widget=DayInput,
        help_text=_("Empty: 15 days after the data window"),
    )
    unit_types = forms.MultipleChoiceField(
        label=_("Unit types that report"),
        choices=(),  # the unit types, read when the form is made
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every unit under the programme's owner"),
    )
    closes_at_deadline = forms.BooleanField(
        label=_("Close by itself after the deadline"),
        required=False,
        help_text=_("The day after the deadline the round closes, naming the units that have not submitted."),
    )

    def __init__(self, *args, programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_types"].choices = list(type_names().items())
        self.programmes = {p.code: p for p in programmes}
        self.fields["programme"].choices = [(p.code, f"{p.code} – {p.title()}") for p in programmes]

    def clean_period(self):
        return self.cleaned_data["period"].code

    def clean(self):
        data = super().clean()
        if "period" in data:
            period = Period.parse(data["period"])
            # the programme's reporting window for the period, by default
            programme = self.programmes.get(data.get("programme"))
            span = (programme.reporting_window if programme else CALENDAR).span(period)
            data["data_from"] = data.get("data_from") or span.start
            data["data_to"] = data.get("data_to") or span.end
            data["deadline"] = data.get("deadline") or data["data_to"] + timedelta(days=15)
            if data["data_to"] < data["data_from"]:
                self.add_error("data_to", _("The data window ends before it starts."))
            elif data["deadline"] < data["data_to"]:
                self.add_error("deadline", _("The deadline falls before the end of the data window."))
        data["programme_obj"] = self.programmes.get(data.get("programme"))
        return data


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class CloseRoundForm(forms.Form):
    """The reason for closing a round that units still owe, or for reopening it."""

    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when some units have not submitted, and to reopen."),
    )


class AcknowledgeWarningForm(forms.Form):
    """Accepting a broken warning rule as it stands: the reason is required."""

    warning = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=pgettext_lazy("rule warning", "Reason for accepting"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the figures are right although the rule is broken.")},
    )

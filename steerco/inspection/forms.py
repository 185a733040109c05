"""Forms for the commission's pages. They only read input; the rules and
the writes are in ``services``."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steerco.units.forms import UnitPeriodFilter

from .stages import FORMS_FOR, Subject

NO_DISCIPLINE = "none"


class _DatedForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean_on(self):
        day = self.cleaned_data["on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class OpenCaseForm(_DatedForm):
    commission = forms.ModelChoiceField(label=_("Inspection commission"), queryset=None)
    subject = forms.ChoiceField(label=_("Subject"), choices=Subject.choices)
    subject_unit = forms.ModelChoiceField(
        label=_("Organisation inspected"),
        queryset=None,
        required=False,
        help_text=_("For a case on an organisation; may be left empty for a member."),
    )
    full_name = forms.CharField(label=_("Member's full name"), required=False, max_length=120)
    identity_number = forms.CharField(label=_("Identity number"), required=False, max_length=12)

    def __init__(self, *args, commissions, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = _("Opened on")
        self.fields["commission"].queryset = commissions
        self.fields["commission"].label_from_instance = lambda u: u.name()
        self.fields["subject_unit"].queryset = units
        self.fields["subject_unit"].label_from_instance = lambda u: f"{u.name()} ({u.code})"

    def clean(self):
        data = super().clean()
        if data.get("subject") == Subject.ORGANISATION and not data.get("subject_unit"):
            self.add_error("subject_unit", _("Name the organisation inspected."))
        return data


class ConcludeForm(_DatedForm):
    violation = forms.TypedChoiceField(
        label=_("Conclusion"),
        choices=[("yes", _("Violation found")), ("no", _("No violation"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )


class DecideForm(_DatedForm):
    form = forms.ChoiceField(label=_("Form of discipline"))

    def __init__(self, *args, subject, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = [(f.value, f.label) for f in FORMS_FOR[Subject(subject)]] + [
            (NO_DISCIPLINE, _("No discipline"))
        ]

    def clean_form(self):
        form = self.cleaned_data["form"]
        return None if form == NO_DISCIPLINE else form


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Member's full name"), max_length=120)
    identity_number = forms.CharField(label=_("Identity number"), required=False, max_length=12)


class StatisticsFilter(UnitPeriodFilter):
    """A unit and a period; the period is read as on the scorecard."""

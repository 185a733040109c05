from django import forms
from django.utils.translation import gettext_lazy as _

from steerco.lib.periods import Period, PeriodError
from steerco.programmes.models import Programme


class CheckForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.order_by("code"), to_field_name="code"
    )
    unit = forms.CharField(label=_("Unit (code)"), max_length=40)
    period = forms.CharField(label=_("Period"), max_length=20, help_text=_("For example 2023-H1, 2023-Q3, 2023."))
    file = forms.FileField(label=_("Draft file (.docx, .txt, .md, .pdf)"), required=False)
    text = forms.CharField(label=_("…or paste the text"), required=False, widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, units=None, fixed=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units
        if fixed:  # checked from a submission: programme, unit and period are the submission's
            for name in ("programme", "unit", "period"):
                self.fields[name].disabled = True

    def clean_unit(self):
        code = self.cleaned_data["unit"].strip()
        unit = self.units.filter(code=code).first() if self.units is not None else None
        if unit is None:
            raise forms.ValidationError(_("No unit with this code that you may see."))
        return unit

    def clean_period(self):
        try:
            return Period.parse(self.cleaned_data["period"].strip())
        except PeriodError:
            raise forms.ValidationError(_("Not a period: write it like 2023-H1, 2023-Q3 or 2023.")) from None

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if not upload and not text:
            raise forms.ValidationError(_("Choose a file or paste the text of the draft."))
        if upload and text:
            raise forms.ValidationError(_("Choose a file or paste the text, not both."))
        return data

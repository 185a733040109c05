from django import forms
from django.utils.translation import gettext_lazy as _

from steerco.programmes.models import Programme
from steerco.units.forms import PeriodField, UnitPicker


class CheckForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.order_by("code"), to_field_name="code"
    )
    unit = UnitPicker(label=_("Unit"))
    period = PeriodField(label=_("Period"))
    file = forms.FileField(label=_("Draft file (.docx, .txt, .md, .pdf)"), required=False)
    text = forms.CharField(label=_("…or paste the text"), required=False, widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, units=None, fixed=False, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].set_units(units)
        if fixed:  # checked from a submission: programme, unit and period are the submission's
            for name in ("programme", "unit", "period"):
                self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if not upload and not text:
            raise forms.ValidationError(_("Choose a file or paste the text of the draft."))
        if upload and text:
            raise forms.ValidationError(_("Choose a file or paste the text, not both."))
        return data

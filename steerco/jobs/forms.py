from django import forms
from django.utils.translation import gettext_lazy as _


class ExportPackForm(forms.Form):
    """Start an export of a programme the user may see (owner unit in scope)."""

    programme = forms.ModelChoiceField(queryset=None, label=_("Programme"), to_field_name="code")

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes

"""Form pieces: the user's reminder preferences."""

from django import forms

from .models import Preference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["language", "channel"]
        widgets = {"channel": forms.RadioSelect}

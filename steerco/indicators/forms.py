"""The form that starts a programme-pack export on the jobs page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from steerco.jobs.registry import starter
from steerco.programmes.models import Programme

from .jobs import EXPORT_PACK


@starter(EXPORT_PACK)
class ExportPackForm(forms.Form):
    """Start an export of a programme the user may see (owner unit in scope)."""

    button = _("Export the programme pack")

    programme = forms.ModelChoiceField(queryset=None, label=_("Programme"), to_field_name="code")

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(owner__in=units).order_by("code")

    def available(self) -> bool:
        return self.fields["programme"].queryset.exists()

    def job(self):
        programme = self.cleaned_data["programme"]
        return programme.owner, {"programme": programme.code}
